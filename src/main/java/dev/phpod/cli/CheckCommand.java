package dev.phpod.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.phpod.check.CheckRun;
import dev.phpod.check.ClusterReader;
import dev.phpod.check.FindingsFormat;
import dev.phpod.check.Ignore;
import dev.phpod.check.Inventory;
import dev.phpod.check.Rule;
import dev.phpod.check.RuleDocs;
import dev.phpod.project.InputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
                "Finds the nginx + php-fpm pitfalls in Kubernetes manifests: any chart's or overlay's output,",
                "a folder of manifests, or the live workloads of a cluster. Pods that run nginx, php-fpm or the",
                "app's PHP code (workers, schedules, jobs) are checked (Deployment, StatefulSet, DaemonSet,",
                "ReplicaSet, Job, CronJob, Pod); nginx's and php-fpm's configuration is read from the",
                "ConfigMaps of the same input that they mount, pod counts from replicas and autoscalers.",
                "Each finding names the file and line, the object and container, its level (error: the app",
                "breaks; warning: hardening, or a design that needs care), why it matters and the fix;",
                "phpod check --explain ID says more.",
                "",
                "A folder is read file by file: a file that is not readable Kubernetes YAML (invalid YAML, a",
                "Helm template) is reported on stderr and the others are still checked; a file without",
                "apiVersion and kind (values.yaml, Chart.yaml) is skipped with a note. An input that gives no",
                "object at all (an empty pipe) is an error." })
public class CheckCommand implements Callable<Integer> {
    static final String EXIT_CODES = """
            Exit codes:
              0  no findings
              1  findings (errors or warnings), even when an input could not be read
              2  bad command line; or no finding and an input could not be read, or gave nothing
              3  internal or I/O error (also: the cluster could not be read)""";

    /** The footer, made from the rule registry: CliWiring sets it on the command. */
    static void describe(CommandSpec spec) {
        spec.usageMessage().footer("", "Rules (" + Rule.values().length + "; --list-rules, --explain ID): " + Rule.ids() + ".", "",
                "Silence rules for one workload with annotations on its metadata or its pod template's:",
                "  " + Ignore.IGNORE + ": \"writable-root-filesystem,pod-security-restricted\"",
                "  " + Ignore.REASON + ": \"the vendor image writes to /var/www; ticket OPS-12\"",
                "A reason is required: without it nothing is silenced and a note says so.", "", "Examples:",
                "  helm template shop deploy/helm/shop -f deploy/helm/values-prod.yaml | phpod check -",
                "  kustomize build deploy/kustomize/overlays/prod | phpod check -",
                "  phpod check k8s/ --format sarif > phpod.sarif",
                "  phpod check k8s/ --exclude pod-security-restricted,writable-root-filesystem",
                "  phpod check --cluster --namespace shop-prod",
                "  phpod check --explain liveness-through-php-workers",
                "", EXIT_CODES);
    }

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-", description = "Manifests to read: files, folders (every *.yaml, *.yml, *.json below), - for standard input.")
    List<String> inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json, or sarif (SARIF 2.1.0, for code scanning).")
    String format;

    @Option(names = "--include", paramLabel = "ID[,ID]", split = ",", description = "Only these rules.")
    List<String> include;

    @Option(names = "--exclude", paramLabel = "ID[,ID]", split = ",", description = "Not these rules.")
    List<String> exclude;

    @Option(names = "--explain", paramLabel = "ID", description = "Print a rule's title, level, why, fix and an example, and exit.")
    String explain;

    @Option(names = "--list-rules", description = "List every rule: id, level, title; and exit.")
    boolean listRules;

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
        PrintWriter out = output.out();
        if (explain != null) {
            out.print(RuleDocs.explain(CheckRun.rule("--explain", explain)));
            out.flush();
            return ExitCodes.OK;
        }
        if (listRules) {
            for (Rule r : Rule.values()) {
                out.printf("%-31s %-8s %s%n", r.id, r.level.label(), r.title);
            }
            out.flush();
            return ExitCodes.OK;
        }
        FindingsFormat as = switch (format) {
            case "text" -> FindingsFormat.TEXT;
            case "json" -> FindingsFormat.JSON;
            case "sarif" -> FindingsFormat.SARIF;
            default -> throw new InputException("--format: unknown format '" + format.replaceAll("\\p{Cntrl}", "?") + "'; use text, json or sarif");
        };
        Set<Rule> rules = CheckRun.select(include, exclude);
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
        CheckRun run;
        if (cluster) {
            Inventory inventory = ClusterReader.read(namespaces == null ? null : namespaces.namespace, namespaces != null && namespaces.all);
            run = CheckRun.of(inventory, rules, List.of(), List.of());
        } else {
            run = CheckRun.files(inputs, System.in, rules);
        }
        PrintWriter err = output.err();
        run.notes().forEach(n -> err.println("phpod: note: " + n));
        run.unreadable().forEach(u -> err.println("phpod: " + u));
        err.flush();
        boolean nothingRead = run.inventory().objects() == 0;
        if (!(nothingRead && !run.unreadable().isEmpty())) {
            as.print(out, new FindingsFormat.Report(run.result().findings(), run.result().suppressed(), run.unreadable(),
                    new FindingsFormat.Scope(run.inventory().workloads().size(), run.result().checked(), run.inventory().objects())), Version.get());
        }
        return !run.result().findings().isEmpty() ? ExitCodes.FINDINGS : !run.unreadable().isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
    }
}
