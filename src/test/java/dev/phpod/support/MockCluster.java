package dev.phpod.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A Kubernetes API server for {@code phpod check --cluster}: fabric8's mock server in CRUD mode
 * (it stores what is created and lists it back like an API server), reached as a user reaches a
 * cluster, through a kubeconfig.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final boolean https;

    /** Started on the loopback address, on a free port; {@code https} with a self-signed certificate. */
    public MockCluster(boolean https) {
        this.https = https;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), https);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /** A client of the mock server, to seed it. */
    public KubernetesClient client() {
        return client;
    }

    /** Creates the objects of a manifest file in {@code namespace}; returns them. */
    public List<HasMetadata> create(Path manifests, String namespace) {
        try (InputStream in = Files.newInputStream(manifests)) {
            List<HasMetadata> objects = client.load(in).items();
            for (HasMetadata o : objects) {
                o.getMetadata().setNamespace(namespace);
                client.resource(o).create();
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's URL, without the trailing slash, as a kubeconfig names it. */
    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    /** Writes a kubeconfig of this server to {@code file}, whose context names {@code namespace} (null: none). */
    public Path kubeconfig(Path file, String namespace) {
        return kubeconfig(file, url(), https, namespace);
    }

    /** A kubeconfig of one cluster at {@code server}, with a token (never checked by the mock server). */
    public static Path kubeconfig(Path file, String server, boolean insecure, String namespace) {
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s"%s}}]
                    users: [{name: tester, user: {token: not-checked}}]
                    contexts: [{name: mock, context: {cluster: mock, user: tester%s}}]
                    current-context: mock
                    """.formatted(server, insecure ? ", insecure-skip-tls-verify: true" : "", namespace == null ? "" : ", namespace: " + namespace));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
