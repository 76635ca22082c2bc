package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the check reads, through the handler the command uses (CheckRun): standard input, namespaces, lines. */
class CheckInputTest {
    static CheckRun stdin(String text) {
        return CheckRun.files(List.of("-"), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), EnumSet.allOf(Rule.class));
    }

    /** `false | phpod check -`, or `kustomize build` failing upstream: not a pass. */
    @Test
    void anEmptyPipeIsNotAPass() {
        for (String empty : List.of("", "\n", "---\n---\n", "# nothing rendered\n")) {
            CheckRun run = stdin(empty);
            assertEquals(1, run.unreadable().size(), run.unreadable().toString());
            assertTrue(run.unreadable().get(0).startsWith("-: nothing read (no Kubernetes object on standard input); "
                    + "when a command pipes into phpod, check that it succeeded (bash: set -o pipefail)"), run.unreadable().get(0));
            assertEquals(0, run.inventory().objects());
        }
    }

    /** nginx alone, its configuration in a ConfigMap that passes FastCGI to a Service. */
    static final String WEB = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: nginx, namespace: %s}
            data:
              nginx.conf: |
                events {}
                http { server { listen 8080; root /srv/code/public; location ~ \\.php$ { fastcgi_pass php-fpm.shop.svc:9000; } } }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                    - name: nginx
                      image: nginx:1.27
                      volumeMounts:
                        - {name: conf, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}
                        - {name: code, mountPath: /srv/code}
                  volumes:
                    - {name: conf, configMap: {name: nginx}}
                    - {name: code, emptyDir: {}}
            """;

    static List<String> ids(CheckRun run) {
        return run.result().findings().stream().map(f -> f.rule().id).toList();
    }

    /**
     * A workload without a namespace reads the ConfigMaps without one and default's; in an input
     * that names one other namespace it is applied there (kubectl apply -n), and where the input
     * names several it never reads another namespace's ConfigMap of the same name.
     */
    @Test
    void aWorkloadWithoutANamespaceReadsTheConfigMapsOfTheNamespaceItIsAppliedIn() {
        String third = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated, namespace: third}\n";
        CheckRun other = stdin(WEB.formatted("elsewhere") + third);
        assertTrue(!ids(other).contains("fastcgi-to-another-pod"), "namespace elsewhere's nginx.conf is not web's: " + ids(other));
        CheckRun same = stdin(WEB.replace("name: nginx, namespace: %s", "name: nginx"));
        assertTrue(ids(same).contains("fastcgi-to-another-pod"), "its own: " + ids(same));
        CheckRun byDefault = stdin(WEB.formatted("default") + third);
        assertTrue(ids(byDefault).contains("fastcgi-to-another-pod"), "default's, where kubectl applies web: " + ids(byDefault));
        CheckRun applied = stdin(WEB.formatted("elsewhere"));
        assertTrue(ids(applied).contains("fastcgi-to-another-pod"), "the one namespace the input names: " + ids(applied));
    }

    static final String LIST = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Service
                metadata: {name: web}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      initContainers:
                        - {name: chown, image: busybox, command: [chown, "33", /srv/code]}
                      containers:
                        - name: php-fpm
                          image: php:8.3-fpm
                        - name: nginx
                          image: nginx:1.27
                          volumeMounts: [{name: code, mountPath: /srv/code}]
                      volumes:
                        - {name: code, emptyDir: {}}
            """;

    @Test
    void findingsPointAtTheContainersLineAlsoInAList() {
        for (String yaml : List.of(WEB.formatted("x"), LIST)) {
            CheckRun run = stdin(yaml);
            Finding empty = run.result().findings().stream().filter(f -> f.rule() == Rule.EMPTY_CODE_VOLUME).findFirst()
                    .orElseThrow(() -> new AssertionError(ids(run) + "\n" + yaml));
            String line = yaml.lines().toList().get(empty.origin().line() - 1);
            assertEquals("- name: nginx", line.strip(), "line " + empty.origin().line() + " in\n" + yaml);
        }
    }
}
