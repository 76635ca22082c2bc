package dev.phpod.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * cluster, through a kubeconfig; and the servers a cluster should not be, one that refuses and one
 * that never answers.
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

    /** A loopback port nothing listens on: connecting is refused at once. */
    public static int refusingPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that accepts connections and never answers, on the loopback address. */
    public static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new ArrayList<>();

        public Silent() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-api-server");
            t.setDaemon(true);
            t.start();
        }

        public String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
