package dev.phpod.cli;

import java.util.List;
import java.util.concurrent.Callable;

import dev.phpod.check.Checks;
import dev.phpod.check.ClusterReader;
import dev.phpod.check.FindingsFormat;
import dev.phpod.check.Inventory;
import dev.phpod.check.ManifestReader;
import dev.phpod.project.InputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
                "Finds the nginx + php-fpm pitfalls in Kubernetes manifests: any chart's or overlay's output,",
                "a folder of manifests, or the live workloads of a cluster. Pods that run nginx, php-fpm or the",
                "app's PHP code (workers, schedules, jobs) are checked (Deployment, StatefulSet, DaemonSet,",
                "ReplicaSet, Job, CronJob, Pod); nginx's and php-fpm's configuration is read from the",
                "ConfigMaps of the same input that they mount, pod counts from replicas and autoscalers.",
                "Each finding names the object and container, why it matters and the fix; the README has a",
                "section per finding id." },
        footer = { "", "Findings: " + CheckCommand.IDS + ".", "", "Examples:",
                "  helm template shop deploy/helm/shop -f deploy/helm/values-prod.yaml | phpod check -",
                "  kustomize build deploy/kustomize/overlays/prod | phpod check -",
                "  phpod check k8s/ --format sarif > phpod.sarif",
                "  phpod check --cluster --namespace shop-prod",
                "", CheckCommand.EXIT_CODES })
public class CheckCommand implements Callable<Integer> {
    /** Every finding id, as --help lists them (CheckCommandTest holds it equal to {@link Rule}). */
    static final String IDS = "empty-code-volume, split-nginx-php-fpm, fastcgi-to-another-pod, copy-shadows-source, copy-image-mismatch, "
            + "copy-in-running-container, copy-without-marker, liveness-through-php-workers, probe-on-other-container-port, "
            + "fastcgi-keepalive-pins-workers, pod-security-restricted, writable-root-filesystem, "
            + "migration-per-pod, scheduler-in-web-pod, data-on-emptydir, worker-grace-shorter-than-job";
    static final String EXIT_CODES = """
            Exit codes:
              0  no findings
              1  findings
              2  bad command line or input
              3  internal or I/O error (also: the cluster could not be read)""";

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-", description = "Manifests to read: files, folders (every *.yaml, *.yml, *.json below), - for standard input.")
    List<String> inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json, or sarif (SARIF 2.1.0, for code scanning).")
    String format;

    @Option(names = "--cluster", description = "Read the live workloads through the kubeconfig (KUBECONFIG, ~/.kube/config) or the pod's service account.")
    boolean cluster;

    @ArgGroup(exclusive = true)
    Namespaces namespaces;

    static class Namespaces {
        @Option(names = { "-n", "--namespace" }, paramLabel = "NS", description = "With --cluster: this namespace (default: the kubeconfig's).")
        String namespace;

        @Option(names = { "-A", "--all-namespaces" }, description = "With --cluster: every namespace.")
        boolean all;
    }

    @Override
    public Integer call() {
        FindingsFormat as = switch (format) {
            case "text" -> FindingsFormat.TEXT;
            case "json" -> FindingsFormat.JSON;
            case "sarif" -> FindingsFormat.SARIF;
            default -> throw new InputException("--format: unknown format '" + format.replaceAll("\\p{Cntrl}", "?") + "'; use text, json or sarif");
        };
        boolean files = inputs != null && !inputs.isEmpty();
        if (cluster && files) {
            throw new InputException("--cluster reads the cluster, not files; give either --cluster or FILE|DIR|-");
        }
        if (!cluster && namespaces != null) {
            throw new InputException((namespaces.all ? "--all-namespaces" : "--namespace") + " needs --cluster");
        }
        if (!cluster && !files) {
            throw new InputException("nothing to check; give manifests (FILE, DIR, or - for standard input) or --cluster");
        }
        Inventory inventory;
        if (cluster) {
            inventory = ClusterReader.read(namespaces == null ? null : namespaces.namespace, namespaces != null && namespaces.all);
        } else {
            ManifestReader reader = new ManifestReader();
            if (inputs.stream().filter("-"::equals).count() > 1) {
                throw new InputException("- (standard input) given twice; it can be read once");
            }
            for (String in : inputs) {
                reader.read(in, System.in);
            }
            inventory = reader.inventory();
        }
        Checks.Result result = Checks.run(inventory);
        as.print(output.out(), result.findings(), new FindingsFormat.Scope(inventory.workloads().size(), result.checked(), inventory.objects()),
                Version.get());
        return result.findings().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
