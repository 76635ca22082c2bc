package dev.phpod.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Every rule of {@code phpod check}, over an {@link Inventory}. Only pods that run nginx, php-fpm
 * or the app's PHP code are checked: generic pods are what kube-linter, kube-score and Pod Security
 * admission are for. The app's rules (release, scheduler, data, workers) are in {@link AppChecks}.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * The findings, in input order (by workload, then by rule), those an annotation silenced (with
     * its reason), problems with those annotations (one line each, naming the object), and how many
     * workloads the rules looked at.
     */
    public record Result(List<Finding> findings, List<Suppressed> suppressed, List<String> notes, int checked) {
    }

    /** A finding that a workload's {@code phpod.dev/ignore} silenced, and the reason it gives. */
    public record Suppressed(Finding finding, String reason) {
    }

    /** Every rule. */
    public static Result run(Inventory inventory) {
        return run(inventory, EnumSet.allOf(Rule.class));
    }

    /**
     * Checks every workload that runs nginx or php-fpm, and the app's rules also on those that run
     * its PHP code otherwise (workers, schedules, release jobs); the others are counted out. Only the
     * {@code rules} asked for are reported, minus what each workload's annotations silence.
     */
    public static Result run(Inventory inventory, Set<Rule> rules) {
        Topology topology = Topology.of(inventory);
        List<PodView> apps = inventory.workloads().stream().map(w -> new PodView(w, inventory, topology)).filter(PodView::isAppPod).toList();
        PhpPods pods = new PhpPods(apps, inventory, topology);
        List<Finding> all = new ArrayList<>();
        for (PodView p : apps) {
            if (p.isPhpPod()) {
                boolean split = split(p, pods, all);
                if (!split) {
                    fastcgiToAnotherPod(p, all);
                }
                fastcgiPublished(p, inventory, pods, all);
                copyStep(p, all);
                mutableCodeImage(p, inventory, all);
                rootWithoutCode(p, all);
                stoppedAbruptly(p, all);
                liveness(p, all);
                probePorts(p, all);
                keepalive(p, all);
                poolMemory(p, all);
                podSecurity(p, all);
                readOnlyRoot(p, all);
            }
            AppChecks.run(p, inventory, all);
        }
        removedAutoscalerApi(apps, inventory, all);
        rwoClaimShared(apps, inventory, all);
        List<Finding> out = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (Finding f : all) {
            if (!rules.contains(f.rule())) {
                continue;
            }
            if (f.workload().ignore().silences(f.rule())) {
                suppressed.add(new Suppressed(f, f.workload().ignore().reason()));
            } else {
                out.add(f);
            }
        }
        List<String> notes = new ArrayList<>();
        for (Workload w : inventory.workloads()) {
            if (w.ignore().problem() != null) {
                notes.add(w.origin() + ": " + w.ref() + ": " + w.ignore().problem());
            }
        }
        return new Result(out, suppressed, notes, apps.size());
    }

    // --- fastcgi-port-published -----------------------------------------------------------------

    private static void fastcgiPublished(PodView p, Inventory inventory, PhpPods pods, List<Finding> out) {
        Optional<Published> published = publishedFastcgi(p, inventory);
        if (published.isEmpty() || inventory.ingressPolicy(p.workload).isPresent()) {
            return;
        }
        Inventory.Service s = published.get().service();
        Inventory.ServicePort port = published.get().port();
        String target = port.targetPort().equals(String.valueOf(port.port())) ? "port " + port.port() : "port " + port.port() + " (targetPort " + port.targetPort() + ")";
        String labels = String.join(", ", new java.util.TreeMap<>(s.selector()).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        out.add(new Finding(Rule.FASTCGI_PORT_PUBLISHED, p.workload, List.of(p.phpFpm.get(0).getName()),
                "Service " + s.name() + " publishes php-fpm's FastCGI on " + target + " to every pod of the cluster, and no NetworkPolicy restricts who reaches "
                        + p.workload.ref() + ": FastCGI has no authentication, so any pod can send a request with PHP_VALUE=auto_prepend_file=... and run code",
                (p.nginx.isEmpty() ? "keep FastCGI inside the pod (nginx beside php-fpm, a unix socket in a shared emptyDir) and publish only nginx's port; if php-fpm must stay behind this Service, "
                        : "remove port " + port.port() + " from Service " + s.name() + " (nginx reaches php-fpm inside the pod); else ")
                        + "add a NetworkPolicy with podSelector {" + labels + "}, policyTypes [Ingress], that allows port " + port.targetPort() + " only from nginx's pods"
                        + nginxSelector(p, pods),
                s.origin()));
    }

    // --- mutable-code-image ----------------------------------------------------------------------

    /** Tags that name a branch or an environment, so they move from build to build. */
    private static final Pattern MOVING_TAG = Pattern.compile("latest|production|prod|staging|stage|stable|main|master|dev|develop|development|edge|nightly");
    /** Images that are PHP's runtime (the code mounted into them) or an upstream app's release, not the app's own build. */
    // A runtime's name is php and variant words only (php, php-fpm, php8.2-fpm, php-fpm-alpine, nginx-php-fpm, php-nginx);
    // an app's own build may say php too (symfony-k8s-php-fpm, shop-php-app) and is the code image.
    private static final Pattern RUNTIME_IMAGE = Pattern.compile(
            "((nginx|openresty)[-_.]?)?php[0-9.]*([-_.]?(fpm|cli|apache|nginx|zts|alpine|bookworm|bullseye|buster|trixie|unit|[0-9.]+))*"
                    + "|wordpress|drupal|nextcloud|joomla|matomo|mediawiki|moodle|phpmyadmin|friendica|pimcore|magento.*");

    /** The tag an image moves by ("latest" for no tag), or null when it is pinned (a digest) or versioned. */
    static String movingTag(String image) {
        if (image == null || image.contains("@sha256:") || image.contains("${") || image.contains("{{")) {
            return null;
        }
        String ref = image.strip();
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        String tag = last.contains(":") ? last.substring(last.indexOf(':') + 1) : "";
        if (tag.isEmpty()) {
            return "latest";
        }
        return MOVING_TAG.matcher(tag.toLowerCase(Locale.ROOT)).matches() ? tag : null;
    }

    private static boolean pullsAlways(Container c) {
        String policy = c.getImagePullPolicy();
        return "Always".equals(policy) || policy == null && "latest".equals(movingTag(c.getImage()));
    }

    /**
     * The app's code image on a moving tag, pulled more than once: by several pods, or by the copy
     * step and php-fpm each pulling it (Always). One finding per workload, at the first container.
     */
    private static void mutableCodeImage(PodView p, Inventory inventory, List<Finding> out) {
        Set<String> codeImages = new LinkedHashSet<>();
        Set<Container> copiers = new LinkedHashSet<>();
        for (VolumeMount code : p.codeMounts()) {
            for (Container init : p.initsFilling(code.getName())) {
                String script = PodView.script(init);
                if (script.isBlank() || PodView.copies(script)) {
                    codeImages.add(PodView.normalizedImage(init.getImage()));
                    copiers.add(init);
                }
            }
        }
        // php-fpm runs the code, and so does a container that runs nginx and php-fpm together.
        List<Container> runners = new ArrayList<>(p.phpFpm);
        runners.addAll(p.allInOne);
        for (Container c : runners) {
            if (!RUNTIME_IMAGE.matcher(PodView.imageName(c)).matches()) {
                codeImages.add(PodView.normalizedImage(c.getImage()));
            }
        }
        List<Container> pulling = p.all.stream().filter(c -> codeImages.contains(PodView.normalizedImage(c.getImage())) && movingTag(c.getImage()) != null)
                .filter(c -> copiers.contains(c) || runners.contains(c)).toList();
        if (pulling.isEmpty()) {
            return;
        }
        Container first = pulling.get(0);
        Optional<String> many = inventory.manyPods(p.workload);
        String twice = null;
        if (many.isEmpty()) {
            List<Container> copy = pulling.stream().filter(copiers::contains).toList();
            List<Container> fpm = pulling.stream().filter(runners::contains).toList();
            if (copy.isEmpty() || fpm.isEmpty() || copy.stream().noneMatch(Checks::pullsAlways) && fpm.stream().noneMatch(Checks::pullsAlways)) {
                return;
            }
            twice = "init container " + copy.get(0).getName() + " copies the code from it and " + fpm.get(0).getName() + " runs it, each pulling it (imagePullPolicy Always)";
        }
        String tag = movingTag(first.getImage());
        out.add(new Finding(Rule.MUTABLE_CODE_IMAGE, p.workload, List.of(first.getName()),
                "the code image " + first.getImage() + " is named by the moving tag '" + tag + "' without a digest, and " + many.map(m -> m + ", each pulling it").orElse(twice)
                        + (many.isPresent() ? ": each pull can get another build, so pods serve different releases, and a rollback rolls back nothing"
                                : ": each pull can get another build, so the copied code can run against another build's PHP, extensions and vendor folder, and a rollback rolls back nothing"),
                "tag each build immutably (its version or git commit, e.g. " + first.getImage().replaceAll(":[^:/@]*$", "") + ":1.4.2) or pin its @sha256 digest, and roll out by changing that tag",
                null));
    }

    // --- nginx-root-without-code -----------------------------------------------------------------

    /** nginx's own images, which carry no app: docker.io/library/nginx, nginx-unprivileged, Bitnami's. */
    private static final Pattern STOCK_NGINX = Pattern.compile("(docker\\.io|mirror\\.gcr\\.io|public\\.ecr\\.aws)/(library/nginx|nginxinc/nginx-unprivileged|bitnami/nginx|nginx/nginx)"
            + "|ghcr\\.io/nginxinc/nginx-unprivileged");
    /** PHP's own images, which carry no app: php:*-fpm, bitnami/php-fpm. */
    private static final Pattern STOCK_PHP = Pattern.compile("(docker\\.io|mirror\\.gcr\\.io|public\\.ecr\\.aws)/(library/php|bitnami/php-fpm)");

    private static String repository(String image) {
        return PodView.normalizedImage(image).replaceAll("@.*", "").replaceAll(":[^:/]*$", "");
    }

    private static void rootWithoutCode(PodView p, List<Finding> out) {
        if (p.nginx.size() != 1 || p.nginxConfig == null) {
            return;
        }
        Container n = p.nginx.get(0);
        List<String> besides = p.nginxConfig.rootsBesideARootlessFastcgiLocation();
        if (!besides.isEmpty() && p.nginxConfig.fastcgiAddresses().stream().allMatch(Checks::local)) {
            out.add(new Finding(Rule.NGINX_ROOT_WITHOUT_CODE, p.workload, n.getName(),
                    "nginx's PHP location has no root, nor has its server (root " + besides.get(0) + " is set inside another location only), so"
                            + " $document_root there is nginx's compiled-in default (html under its prefix) and SCRIPT_FILENAME names a script"
                            + " php-fpm does not have: it answers \"File not found.\"",
                    "move root " + besides.get(0) + " up to the server block, where every location inherits it"));
            return;
        }
        if (STOCK_NGINX.matcher(repository(n.getImage())).matches()) {
            for (String root : p.nginxConfig.rootsNeededForIndex()) {
                if (PodView.mountHolding(n, root).isEmpty()) {
                    out.add(new Finding(Rule.NGINX_ROOT_WITHOUT_CODE, p.workload, n.getName(),
                            "nginx's root " + root + " is under none of container " + n.getName() + "'s volume mounts, and its image " + n.getImage()
                                    + " carries no app: a request for / needs files there, so nginx answers 404 (and every static file is missing)",
                            "mount the code volume at " + root + " (or a folder above it) in " + n.getName() + ", the same volume php-fpm runs the code from, or point root at the path where the code is mounted"));
                    return;
                }
            }
        }
        if (p.phpFpm.size() != 1 || !p.nginxConfig.scriptFilenameFromRoot() || p.nginxConfig.fastcgiAddresses().stream().anyMatch(a -> !local(a))) {
            return;
        }
        Container fpm = p.phpFpm.get(0);
        if (!STOCK_PHP.matcher(repository(fpm.getImage())).matches()) {
            return;
        }
        for (String root : p.nginxConfig.roots()) {
            Optional<VolumeMount> atNginx = PodView.mountHolding(n, root);
            if (atNginx.isEmpty() || PodView.mountHolding(fpm, root).isPresent()) {
                continue;
            }
            Optional<VolumeMount> atFpm = PodView.mountOf(fpm, atNginx.get().getName());
            if (atFpm.isPresent() && atFpm.get().getMountPath() != null && !atFpm.get().getMountPath().equals(atNginx.get().getMountPath())) {
                out.add(new Finding(Rule.NGINX_ROOT_WITHOUT_CODE, p.workload, fpm.getName(),
                        "nginx mounts volume '" + atNginx.get().getName() + "' at " + atNginx.get().getMountPath() + " and serves root " + root
                                + ", and passes SCRIPT_FILENAME from $document_root, but php-fpm (" + fpm.getImage() + ") mounts that volume at "
                                + atFpm.get().getMountPath() + " and nothing at " + root + ": php-fpm finds no script there and answers \"File not found.\"",
                        "mount volume '" + atNginx.get().getName() + "' at " + atNginx.get().getMountPath() + " in " + fpm.getName()
                                + " too (the same path in both containers), or set SCRIPT_FILENAME to php-fpm's path"));
                return;
            }
        }
    }

    // --- php-fpm-stopped-abruptly ---------------------------------------------------------------

    /** kill with TERM, named or by default (no signal given), pkill and killall of php-fpm likewise. */
    private static final Pattern TERM_KILL = Pattern.compile("(?:^|[;&|(`]|\\s)(?:kill\\s+(?:-(?:TERM|SIGTERM|15)|-s\\s+(?:TERM|SIGTERM|15))\\s+\\S+"
            + "|kill\\s+(?:--\\s+)?(?:1|\\$\\S+|\\d+|`[^`]*`)(?:\\s|$|[;&|)])"
            + "|(?:pkill|killall)\\s+(?:-(?:TERM|SIGTERM|15)\\s+|-s\\s+(?:TERM|SIGTERM|15)\\s+)?(?:-[fox]+\\s+)*\\S*php-?fpm)");

    private static void stoppedAbruptly(PodView p, List<Finding> out) {
        for (Container c : p.phpFpm) {
            if (c.getLifecycle() == null) {
                continue;
            }
            String signal = c.getLifecycle().getStopSignal();
            String how = null;
            if (signal != null && signal.matches("(SIG)?TERM")) {
                how = "lifecycle.stopSignal is " + signal;
            } else if (c.getLifecycle().getPreStop() != null && c.getLifecycle().getPreStop().getExec() != null
                    && c.getLifecycle().getPreStop().getExec().getCommand() != null) {
                String hook = String.join(" ", c.getLifecycle().getPreStop().getExec().getCommand());
                java.util.regex.Matcher m = TERM_KILL.matcher(hook);
                if (m.find()) {
                    how = "its preStop hook runs '" + m.group().strip() + "', a SIGTERM";
                }
            }
            if (how != null) {
                out.add(new Finding(Rule.PHP_FPM_STOPPED_ABRUPTLY, p.workload, c.getName(),
                        "php-fpm container " + c.getName() + " is stopped with SIGTERM (" + how
                                + "): php-fpm ends at once on TERM, cutting the requests its workers run, so every rollout and scale-down answers 502 to the requests in flight",
                        "send SIGQUIT instead (kill -QUIT 1), or drop the hook and let the php image's STOPSIGNAL SIGQUIT act; keep terminationGracePeriodSeconds above the longest request"));
                return;
            }
        }
    }

    /** " (podSelector {labels} of Deployment x)" for the nginx-only workload of the namespace, when there is one with labels. */
    private static String nginxSelector(PodView p, PhpPods pods) {
        PodView nginx = !p.nginx.isEmpty() ? null
                : pods.topology.frontOf(p.workload).map(pods.byWorkload::get).orElse(pods.firstNginxByNamespace.get(p.workload.namespaceKey()));
        if (nginx == null || nginx.workload.labels().isEmpty()) {
            return "";
        }
        return " (from.podSelector {" + String.join(", ", new java.util.TreeMap<>(nginx.workload.labels()).entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()) + "}, the pods of " + nginx.workload.ref() + ")";
    }

    // --- hpa-removed-api -------------------------------------------------------------------------

    /** The autoscaling versions the API server no longer serves, and the release that removed each. */
    private static final Map<String, String> REMOVED_AUTOSCALING = Map.of("autoscaling/v2beta1", "1.25", "autoscaling/v2beta2", "1.26");

    /** Each HorizontalPodAutoscaler on a removed version whose target is a PHP workload of the input; the finding points at it. */
    private static void removedAutoscalerApi(List<PodView> apps, Inventory inventory, List<Finding> out) {
        Map<String, PodView> byTarget = new HashMap<>();
        for (PodView p : apps) {
            byTarget.putIfAbsent(p.workload.namespaceKey() + "\u0000" + p.workload.kind() + "\u0000" + p.workload.name(), p);
        }
        for (Inventory.Scaler s : inventory.scalers()) {
            String removedIn = s.apiVersion() == null ? null : REMOVED_AUTOSCALING.get(s.apiVersion());
            if (removedIn == null || !s.kind().equals("HorizontalPodAutoscaler")) {
                continue;
            }
            PodView target = byTarget.get(Workload.namespaceKey(s.namespace()) + "\u0000" + s.targetKind() + "\u0000" + s.targetName());
            if (target == null) {
                continue;
            }
            Workload hpa = new Workload(s.kind(), s.namespace(), s.name(), target.workload.pod(), s.origin() == null ? target.workload.origin() : s.origin(),
                    null, s.ignore(), Map.of());
            boolean beta1 = s.apiVersion().endsWith("v2beta1");
            out.add(new Finding(Rule.HPA_REMOVED_API, hpa, List.of(),
                    "apiVersion " + s.apiVersion() + " was removed in Kubernetes " + removedIn + ": the API server rejects this autoscaler of "
                            + target.workload.ref() + ", so the apply (or the Helm release) fails, or the workload stays at its replicas under load",
                    beta1 ? "write it for autoscaling/v2, and each metric's targetAverageUtilization: N as target: {type: Utilization, averageUtilization: N} (targetAverageValue as target: {type: AverageValue, averageValue: ...})"
                            : "write it for autoscaling/v2: from v2beta2 only the apiVersion changes"));
        }
    }

    // --- rwo-claim-shared ------------------------------------------------------------------------

    /** A claim of the input that attaches to one node only: its access modes are ReadWriteOnce or ReadWriteOncePod alone. */
    private static boolean oneNode(Inventory.Claim c) {
        return c != null && !c.accessModes().isEmpty() && c.accessModes().stream().allMatch(m -> m.equals("ReadWriteOnce") || m.equals("ReadWriteOncePod"));
    }

    /**
     * Each PHP workload that mounts a one-node claim of the input and runs more than one pod, or that
     * mounts one another workload (any, in input order before it) mounts too: one finding per workload.
     */
    private static void rwoClaimShared(List<PodView> apps, Inventory inventory, List<Finding> out) {
        Set<Workload> app = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        apps.forEach(p -> app.add(p.workload));
        Map<String, Workload> firstUser = new HashMap<>();
        for (Workload w : inventory.workloads()) {
            List<String> many = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            Inventory.Claim at = null;
            Optional<String> pods = inventory.manyPods(w);
            for (String name : new LinkedHashSet<>(claims(w.pod()))) {
                Inventory.Claim c = inventory.claim(w.namespace(), name);
                if (!oneNode(c)) {
                    continue;
                }
                Workload first = firstUser.putIfAbsent(w.namespaceKey() + "\u0000" + name, w);
                if (!app.contains(w) && (first == null || !app.contains(first))) {
                    continue;
                }
                if (pods.isPresent()) {
                    many.add(name);
                } else if (first != null && first != w) {
                    shared.add(name + " (" + String.join(", ", c.accessModes()) + "), which " + first.ref() + " mounts too");
                } else {
                    continue;
                }
                at = at == null ? c : at;
            }
            if (at == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (!many.isEmpty()) {
                parts.add("it mounts ReadWriteOnce claim" + (many.size() == 1 ? " " : "s ") + String.join(", ", many) + " and " + pods.get());
            }
            if (!shared.isEmpty()) {
                parts.add("it mounts claim " + String.join("; claim ", shared));
            }
            out.add(new Finding(Rule.RWO_CLAIM_SHARED, w, List.of(),
                    String.join("; ", parts) + ": the volume attaches to one node, so a pod scheduled on another waits in ContainerCreating (Multi-Attach error): "
                            + (many.isEmpty() ? "one of the workloads never starts there" : "the extra pods never start") + ", and a rollout hangs",
                    "use ReadWriteMany storage (NFS, CephFS, EFS, Azure Files) for what the pods share, or keep it out of the pods (object storage, a database); a volume each pod owns belongs in a StatefulSet's volumeClaimTemplates",
                    at.origin()));
        }
    }

    // --- empty-code-volume, copy-* -------------------------------------------------------------

    private static void copyStep(PodView p, List<Finding> out) {
        for (VolumeMount code : p.codeMounts()) {
            String volume = code.getName();
            List<Container> writers = p.initsFilling(volume);
            Container user = p.nginx.isEmpty() ? p.phpFpm.get(0) : p.nginx.get(0);
            if (writers.isEmpty()) {
                Optional<Container> racing = p.containers.stream()
                        .filter(c -> PodView.entrypointFills(c, volume) || PodView.mountOf(c, volume).filter(m -> !Boolean.TRUE.equals(m.getReadOnly())).isPresent()
                                && (PodView.copiesOrLinks(PodView.postStart(c)) || PodView.copies(PodView.script(c))))
                        .findFirst();
                if (racing.isPresent()) {
                    Container c = racing.get();
                    String postStart = PodView.postStart(c);
                    String does = PodView.copiesOrLinks(postStart)
                            ? (PodView.copies(postStart) ? "copies" : "links") + " the code into volume '" + volume + "' in its postStart hook"
                            : PodView.copies(PodView.script(c)) ? "copies the code into volume '" + volume + "' in its command"
                            : "runs " + c.getImage() + ", whose entrypoint copies the app into volume '" + volume + "' at /var/www/html as it starts";
                    out.add(new Finding(Rule.COPY_IN_RUNNING_CONTAINER, p.workload, c.getName(),
                            "container " + c.getName() + " " + does
                                    + ", while the other containers already run: nginx serves 404s (or half a tree) until the copy ends, and again after each restart",
                            "copy in an init container (it completes before any container starts) and make nginx's readiness wait for a marker the copy writes last"));
                } else {
                    out.add(new Finding(Rule.EMPTY_CODE_VOLUME, p.workload, user.getName(),
                            "emptyDir '" + volume + "' at " + code.getMountPath()
                                    + " starts empty in Kubernetes (unlike a Docker volume, it is not filled from the image), and no init container writes into it: nginx serves 404 and php-fpm answers \"File not found.\"",
                            "add an init container from the app image that copies the code into the volume before nginx and php-fpm start (phpod init generates it), or mount nothing over the code"));
                }
                continue;
            }
            for (Container init : writers) {
                String script = PodView.script(init);
                String at = PodView.mountOf(init, volume).map(VolumeMount::getMountPath).orElse("");
                for (String from : PodView.copySources(script, init)) {
                    if (!at.isEmpty() && (from.equals(at) || from.startsWith(at + "/"))) {
                        out.add(new Finding(Rule.COPY_SHADOWS_SOURCE, p.workload, init.getName(),
                                "init container " + init.getName() + " mounts volume '" + volume + "' at " + at + " and copies from " + from
                                        + ": the empty volume hides the image's files there, so the copy reads the volume itself and the code never arrives",
                                "mount the volume at another path in the init container (e.g. /phpod-copy) and copy from " + from + " into it"));
                        break;
                    }
                }
                if (!p.phpFpm.isEmpty() && (script.isBlank() || PodView.copies(script))) {
                    Set<String> runs = new LinkedHashSet<>();
                    p.phpFpm.forEach(c -> runs.add(PodView.normalizedImage(c.getImage())));
                    if (!runs.contains(PodView.normalizedImage(init.getImage()))) {
                        out.add(new Finding(Rule.COPY_IMAGE_MISMATCH, p.workload, init.getName(),
                                "init container " + init.getName() + " copies the code from image " + init.getImage() + ", but php-fpm runs "
                                        + p.phpFpm.get(0).getImage()
                                        + ": a release that bumps one tag and not the other serves code against the wrong PHP, extensions and vendor folder",
                                "run the copy step from the same image (and tag) as php-fpm, so one tag is the release"));
                    }
                }
                if (GUARD.matcher(script).find() && !MARKER.matcher(script).find()) {
                    out.add(new Finding(Rule.COPY_WITHOUT_MARKER, p.workload, init.getName(),
                            "init container " + init.getName() + " decides whether to copy by looking at what volume '" + volume
                                    + "' holds: a copy interrupted half-way (an OOM kill, an eviction) leaves files that pass the test, and the pod serves a partial tree",
                            "copy into a staging folder, move it into place, and write a completion marker last; test the marker, not the files (phpod's copy step does this)"));
                }
            }
        }
    }

    /** The tests a copy script uses to skip work when the volume already holds files. */
    private static final Pattern GUARD = Pattern.compile("\\[\\s+(!\\s+)?-[efsdn]\\s|\\btest\\s+(!\\s+)?-[efsd]\\s|\\bls\\s+-[aA]|\\$\\(\\s*ls\\b"
            + "|\\bcp\\s+(-\\w*[nu]\\w*|--no-clobber|--update)|--ignore-existing|\\brsync\\s[^;&|\\n]*\\s-\\w*u");
    private static final Pattern MARKER = Pattern.compile("(?i)complete|marker|finished|\\.ready\\b|\\.done\\b|\\.copied\\b|\\.synced\\b");

    // --- split-nginx-php-fpm, fastcgi-to-another-pod ------------------------------------------

    /**
     * The pods that run php-fpm without nginx, by namespace and by the claims they mount, and those a
     * Service publishes FastCGI of: found by key for each nginx pod, so that many workloads stay linear.
     */
    private static final class PhpPods {
        final Inventory inventory;
        final Topology topology;
        /** Every PHP pod by its workload: where a resolved FastCGI target leads. */
        final Map<Workload, PodView> byWorkload = new java.util.IdentityHashMap<>();
        /** The pod of each namespace that runs php-fpm without nginx, when it is the only one (null marks several). */
        final Map<String, PodView> onlyByNamespace = new HashMap<>();
        final Map<String, PodView> firstByClaim = new HashMap<>();
        /** The pod of each namespace whose FastCGI a Service publishes, when it is the only one (null marks several). */
        final Map<String, PodView> onlyPublishedByNamespace = new HashMap<>();
        /** The names of the Services that publish a php-fpm pod's FastCGI, by namespace. */
        final Map<String, Set<String>> fastcgiServices = new HashMap<>();

        /** The first pod of each namespace that runs nginx without php-fpm: the front a split php-fpm answers. */
        final Map<String, PodView> firstNginxByNamespace = new HashMap<>();

        PhpPods(List<PodView> apps, Inventory inventory, Topology topology) {
            this.inventory = inventory;
            this.topology = topology;
            for (PodView o : apps) {
                byWorkload.put(o.workload, o);
                if (!o.nginx.isEmpty() && o.phpFpm.isEmpty() && o.allInOne.isEmpty()) {
                    firstNginxByNamespace.putIfAbsent(o.workload.namespaceKey(), o);
                }
                if (o.isPhpPod() && o.nginx.isEmpty() && !o.phpFpm.isEmpty()) {
                    only(onlyByNamespace, o.workload.namespaceKey(), o);
                    claims(o.workload.pod()).forEach(c -> firstByClaim.putIfAbsent(o.workload.namespaceKey() + "\u0000" + c, o));
                    Optional<Published> published = publishedFastcgi(o, inventory);
                    if (published.isPresent()) {
                        only(onlyPublishedByNamespace, o.workload.namespaceKey(), o);
                        fastcgiServices.computeIfAbsent(o.workload.namespaceKey(), k -> new java.util.HashSet<>()).add(published.get().service().name());
                    }
                }
            }
        }

        /** Keeps {@code o} under {@code key} when it is the first; a second (another workload) leaves null: no unique candidate. */
        private static void only(Map<String, PodView> map, String key, PodView o) {
            if (!map.containsKey(key)) {
                map.put(key, o);
            } else if (map.get(key) != null && map.get(key).workload != o.workload) {
                map.put(key, null);
            }
        }
    }

    private static List<String> claims(PodSpec pod) {
        return pod.getVolumes() == null ? List.of()
                : pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null)
                        .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
    }

    /** A Service port that reaches php-fpm's FastCGI, and the Service. */
    record Published(Inventory.Service service, Inventory.ServicePort port) {
    }

    /**
     * The ports php-fpm's FastCGI listens on, as numbers and container port names, reachable from
     * outside the pod: its pools' TCP addresses that are not loopback (9000, as the php-fpm images
     * listen, when its configuration is not in the input), and php-fpm's container ports on them
     * (any named fastcgi, fcgi, fpm or php without its configuration). A port another container of
     * the pod declares is not php-fpm's.
     */
    static Set<String> fastcgiPorts(PodView o) {
        Set<Integer> listening = new LinkedHashSet<>();
        if (o.fpmConfig == null) {
            listening.add(9000);
        } else {
            for (FpmConfig.Pool pool : o.fpmConfig.pools()) {
                java.util.regex.Matcher m = pool.listen() == null ? null : LOCAL_PORT.matcher(pool.listen().strip());
                if (m != null && m.matches() && (m.group(1) == null || !LOOPBACK.matcher(m.group(1)).matches())) {
                    listening.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        listening.forEach(n -> out.add(String.valueOf(n)));
        for (Container c : o.phpFpm) {
            for (ContainerPort cp : PodView.ports(c)) {
                boolean named = cp.getName() != null && cp.getName().toLowerCase(Locale.ROOT).matches(".*(fastcgi|fcgi|fpm|php).*");
                if (cp.getContainerPort() != null && (listening.contains(cp.getContainerPort()) || named && o.fpmConfig == null)) {
                    out.add(String.valueOf(cp.getContainerPort()));
                    if (cp.getName() != null) {
                        out.add(cp.getName());
                    }
                }
            }
        }
        for (Container c : o.containers) {
            if (!o.phpFpm.contains(c)) {
                for (ContainerPort cp : PodView.ports(c)) {
                    out.remove(String.valueOf(cp.getContainerPort()));
                    if (cp.getName() != null) {
                        out.remove(cp.getName());
                    }
                }
            }
        }
        return out;
    }

    /** The first Service port of the input that targets php-fpm's FastCGI in {@code o}'s pods. */
    static Optional<Published> publishedFastcgi(PodView o, Inventory inventory) {
        if (o.phpFpm.isEmpty() || o.workload.labels().isEmpty()) {
            return Optional.empty();
        }
        List<Inventory.Service> services = inventory.servicesSelecting(o.workload);
        if (services.isEmpty()) {
            return Optional.empty();
        }
        Set<String> ports = fastcgiPorts(o);
        for (Inventory.Service s : services) {
            for (Inventory.ServicePort port : s.ports()) {
                if (ports.contains(port.targetPort())) {
                    return Optional.of(new Published(s, port));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The FastCGI address an nginx container of a pod without php-fpm is given in its environment
     * (nginx images whose configuration is baked in read it), when it names another host: loopback
     * and unix sockets are the pod's own. A generic name (UPSTREAM, BACKEND) counts only when the
     * value names php-fpm or its port 9000.
     */
    static Optional<String> upstreamFromEnv(PodView p) {
        return upstreamFromEnv(p, Set.of());
    }

    /** As above; a generic name also counts when its host is one of {@code fastcgiServices} (Services that publish php-fpm's FastCGI). */
    static Optional<String> upstreamFromEnv(PodView p, Set<String> fastcgiServices) {
        if (!p.phpFpm.isEmpty()) {
            return Optional.empty();
        }
        return Topology.remoteEnv(p.nginxEnv, fastcgiServices).stream().findFirst().map(e -> e.getKey() + "=" + e.getValue());
    }

    private static boolean split(PodView p, PhpPods pods, List<Finding> out) {
        if (p.nginx.isEmpty() || !p.phpFpm.isEmpty() || !p.allInOne.isEmpty()) {
            return false;
        }
        String ns = p.workload.namespaceKey();
        // Evidence that this nginx fronts that php-fpm: its FastCGI address resolves through a Service
        // of the input to that workload; the same claim mounted in both; FastCGI passed out of the pod
        // or (nginx's configuration baked into its image) an upstream in its environment or a Service
        // that publishes php-fpm's FastCGI port, when one php-fpm workload of the namespace can be the
        // other end. Without it (a queue worker beside a static nginx) two workloads are not reported as
        // one split app.
        PodView other = null;
        String evidence = "";
        Optional<Topology.Target> target = pods.topology.target(p.workload);
        if (target.isPresent() && pods.byWorkload.get(target.get().workload()) != null) {
            other = pods.byWorkload.get(target.get().workload());
            evidence = "; nginx passes FastCGI to " + target.get().address() + ", Service " + target.get().service().name() + " of container "
                    + target.get().container();
        }
        for (String c : claims(p.workload.pod())) {
            if (other != null) {
                break;
            }
            other = pods.firstByClaim.get(ns + "\u0000" + c);
            if (other != null) {
                evidence = "; both mount PersistentVolumeClaim " + c + ", which needs ReadWriteMany storage and a deploy step that fills it";
            }
        }
        boolean remote = p.nginxConfig != null && p.nginxConfig.fastcgiAddresses().stream().anyMatch(a -> !local(a));
        if (other == null && remote) {
            other = pods.onlyByNamespace.get(ns);
        }
        if (other == null && p.nginxConfig == null) {
            Optional<String> env = upstreamFromEnv(p, pods.fastcgiServices.getOrDefault(ns, Set.of()));
            PodView published = pods.onlyPublishedByNamespace.get(ns);
            if (env.isPresent()) {
                other = published != null ? published : pods.onlyByNamespace.get(ns);
                evidence = "; nginx is given its FastCGI upstream in " + env.get();
            } else if (published != null && !Topology.mayServeItself(p.workload, pods.topology.front(p.workload), pods.inventory)
                    && !Topology.stockDefault(pods.topology.front(p.workload))) {
                other = published;
                Published pub = publishedFastcgi(published, pods.inventory).orElseThrow();
                evidence = "; Service " + pub.service().name() + " publishes php-fpm's FastCGI port " + pub.port().targetPort() + " for it";
            }
        }
        if (other == null) {
            return false;
        }
        out.add(new Finding(Rule.SPLIT_NGINX_PHP_FPM, p.workload, p.nginx.get(0).getName(),
                "nginx runs in " + p.workload.ref() + " and php-fpm in " + other.workload.ref()
                        + ": two pods that must hold the same code at the same path, scale and roll out apart, and FastCGI crosses the network" + evidence,
                "run nginx and php-fpm as two containers of one pod, FastCGI over a unix socket in a shared emptyDir, the code copied by an init container (phpod init generates this)"));
        return true;
    }

    private static void fastcgiToAnotherPod(PodView p, List<Finding> out) {
        if (p.nginxConfig == null) {
            upstreamFromEnv(p).ifPresent(env -> out.add(new Finding(Rule.FASTCGI_TO_ANOTHER_POD, p.workload, p.nginx.get(0).getName(),
                    "nginx's configuration is in its image, and its environment names a FastCGI upstream outside its pod (" + env
                            + "): php-fpm there needs the same code at the same path, and every request pays a network hop to a pool nginx cannot see",
                    "run php-fpm in nginx's pod and pass FastCGI to a unix socket in a shared emptyDir (or 127.0.0.1)")));
            return;
        }
        for (String address : p.nginxConfig.fastcgiAddresses()) {
            if (!local(address)) {
                out.add(new Finding(Rule.FASTCGI_TO_ANOTHER_POD, p.workload, p.nginx.get(0).getName(),
                        "nginx passes FastCGI to " + address
                                + ", outside its pod: php-fpm there needs the same code at the same path, and every request pays a network hop to a pool nginx cannot see",
                        "run php-fpm in nginx's pod and pass FastCGI to a unix socket in a shared emptyDir (or 127.0.0.1)"));
                return;
            }
        }
    }

    private static final Pattern LOOPBACK = Pattern.compile("(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[::1\\])(:\\d+)?");
    /** PORT, :PORT or a loopback or any-address host with :PORT. */
    private static final Pattern LOCAL_PORT = Pattern.compile("^(?:(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[::1\\]|0\\.0\\.0\\.0|\\*)?:)?(\\d+)$");

    static boolean local(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("unix:") || LOOPBACK.matcher(a).matches();
    }

    // --- liveness-through-php-workers, probe-on-other-container-port ---------------------------

    /** An address in one spelling: a socket path, or ":PORT" for any loopback host. */
    private static String addressKey(String address) {
        String a = address.replaceFirst("^(unix:|tcp://)", "");
        if (a.startsWith("/")) {
            return a;
        }
        java.util.regex.Matcher m = LOCAL_PORT.matcher(a);
        return m.matches() ? ":" + m.group(2) : a;
    }

    /** Where nginx sends the app's requests: its fastcgi_pass targets, else php-fpm's pools, else the images' default pool. */
    private static Set<String> appPoolAddresses(PodView p) {
        Set<String> out = new LinkedHashSet<>();
        if (p.nginxConfig != null) {
            p.nginxConfig.fastcgiAddresses().forEach(a -> out.add(addressKey(a)));
        }
        if (out.isEmpty() && p.fpmConfig != null) {
            p.fpmConfig.pools().stream().filter(pool -> !pool.name().matches("(?i).*(probe|health|status|ping).*"))
                    .forEach(pool -> out.add(addressKey(pool.listen())));
        }
        if (out.isEmpty()) {
            out.add(addressKey(FpmConfig.IMAGE_DEFAULT.listen()));
        }
        return out;
    }

    private static void liveness(PodView p, List<Finding> out) {
        for (Container c : p.containers) {
            Probe probe = c.getLivenessProbe();
            if (probe == null) {
                continue;
            }
            if (probe.getHttpGet() != null) {
                String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
                OptionalInt port = portNumber(p, c, probe.getHttpGet().getPort());
                boolean servedByNginx = port.isPresent() && p.nginx.stream().anyMatch(n -> PodView.ports(n).stream()
                        .anyMatch(cp -> Objects.equals(cp.getContainerPort(), port.getAsInt())));
                Optional<Boolean> viaConfig = servedByNginx && p.nginxConfig != null ? p.nginxConfig.reachesPhp(path.replaceAll("\\?.*", ""), port.getAsInt())
                        : Optional.empty();
                boolean php = viaConfig.orElseGet(() -> PHP_PATH.matcher(path).find());
                if (php) {
                    out.add(new Finding(Rule.LIVENESS_THROUGH_PHP_WORKERS, p.workload, c.getName(),
                            "the liveness probe of " + c.getName() + " requests " + path
                                    + ", which php-fpm's app workers answer: under load every worker is busy, the probe times out, and the kubelet restarts a pod that was only busy, which drops the requests in flight",
                            "make liveness independent of the app pool: tcpSocket on nginx's port, or an exec probe to a separate php-fpm pool of one worker (phpod's probe pool); keep app checks for readiness"));
                }
                continue;
            }
            if (probe.getExec() != null && probe.getExec().getCommand() != null) {
                Set<String> app = appPoolAddresses(p);
                List<String> words = new ArrayList<>();
                probe.getExec().getCommand().forEach(s -> words.addAll(List.of(s.split("[\\s=]+"))));
                String hit = null;
                for (String w : words) {
                    String word = w.replaceAll("^[\"']|[\"']$", "");
                    if (!word.isEmpty() && app.contains(addressKey(word))) {
                        hit = word;
                    }
                }
                if (hit == null && words.stream().anyMatch(w -> w.endsWith("php-fpm-healthcheck"))) {
                    String connect = c.getEnv() == null ? null
                            : c.getEnv().stream().filter(e -> "FCGI_CONNECT".equals(e.getName())).map(e -> e.getValue()).findFirst().orElse(null);
                    String target = connect == null ? "localhost:9000" : connect;
                    if (app.contains(addressKey(target))) {
                        hit = target;
                    }
                }
                if (hit != null) {
                    out.add(new Finding(Rule.LIVENESS_THROUGH_PHP_WORKERS, p.workload, c.getName(),
                            "the liveness probe of " + c.getName() + " asks php-fpm at " + hit
                                    + ", the pool that serves the app: when every worker is busy the ping waits in its queue, times out, and the kubelet restarts a php-fpm that was only busy",
                            "ping a separate pool of one worker that serves no traffic (phpod's probe pool), or probe with tcpSocket; keep app-pool checks for readiness"));
                }
            }
        }
    }

    private static final Pattern PHP_PATH = Pattern.compile("\\.php($|[?/])|^/(fpm-|php-fpm-|php-)?(ping|status)$");

    private static OptionalInt portNumber(PodView p, Container c, IntOrString port) {
        if (port == null) {
            return OptionalInt.empty();
        }
        if (port.getIntVal() != null) {
            return OptionalInt.of(port.getIntVal());
        }
        return PodView.ports(c).stream().filter(cp -> Objects.equals(cp.getName(), port.getStrVal())).mapToInt(ContainerPort::getContainerPort).findFirst();
    }

    private static void probePorts(PodView p, List<Finding> out) {
        for (Container c : p.containers) {
            for (var named : List.of(new Object[] { "startup", c.getStartupProbe() }, new Object[] { "readiness", c.getReadinessProbe() },
                    new Object[] { "liveness", c.getLivenessProbe() })) {
                Probe probe = (Probe) named[1];
                if (probe == null) {
                    continue;
                }
                IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                        : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort()
                        : probe.getGrpc() != null && probe.getGrpc().getPort() != null ? new IntOrString(probe.getGrpc().getPort()) : null;
                if (port == null || declares(c, port)) {
                    continue;
                }
                Optional<Container> owner = p.containers.stream().filter(o -> o != c && declares(o, port)).findFirst();
                if (owner.isPresent()) {
                    String shown = port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
                    out.add(new Finding(Rule.PROBE_ON_OTHER_CONTAINER_PORT, p.workload, c.getName(),
                            "the " + named[0] + " probe of " + c.getName() + " checks port " + shown + ", which container " + owner.get().getName()
                                    + " serves: it says nothing of " + c.getName() + "'s own state, and a failing " + owner.get().getName() + " restarts or unreadies " + c.getName()
                                    + " instead",
                            "probe a port of " + c.getName() + " itself, or use an exec probe that checks it (for php-fpm, a FastCGI ping on its own socket)"));
                }
            }
        }
    }

    private static boolean declares(Container c, IntOrString port) {
        return PodView.ports(c).stream().anyMatch(cp -> port.getIntVal() != null ? Objects.equals(cp.getContainerPort(), port.getIntVal())
                : Objects.equals(cp.getName(), port.getStrVal()));
    }

    // --- fastcgi-keepalive-pins-workers ----------------------------------------------------------

    private static void keepalive(PodView p, List<Finding> out) {
        NginxConfig conf = p.nginxConfig;
        if (conf == null || !conf.keepsFastcgiConnections()) {
            return;
        }
        OptionalInt k = conf.fastcgiUpstreamKeepalive();
        if (k.isEmpty()) {
            return;
        }
        Container n = p.nginx.get(0);
        OptionalInt configured = conf.workerProcesses();
        int workers;
        String workersSaid;
        if (configured.isPresent()) {
            workers = configured.getAsInt();
            workersSaid = workers + " worker" + (workers == 1 ? "" : "s");
        } else {
            workers = Math.max(2, cpuLimit(n));
            workersSaid = "at least " + workers + " workers (worker_processes auto: one per CPU of the node)";
        }
        Set<String> addresses = new LinkedHashSet<>();
        conf.fastcgiAddresses().forEach(a -> addresses.add(addressKey(a)));
        FpmConfig.Pool pool = FpmConfig.IMAGE_DEFAULT;
        String poolSaid = "the php-fpm images' default pool";
        if (p.fpmConfig != null && !p.fpmConfig.pools().isEmpty()) {
            pool = p.fpmConfig.pools().stream().filter(x -> x.listen() != null && addresses.contains(addressKey(x.listen()))).findFirst()
                    .orElse(p.fpmConfig.pools().get(0));
            poolSaid = "pool [" + pool.name() + "]";
        }
        if (pool.maxChildren().isEmpty()) {
            return;
        }
        int max = pool.maxChildren().getAsInt();
        long held = (long) workers * k.getAsInt();
        // Half the pool held idle already made a heavier page's p99 0.98 s (bench/RESULTS.md); the chart sizes keepalive below it.
        if (2 * held >= max) {
            out.add(new Finding(Rule.FASTCGI_KEEPALIVE_PINS_WORKERS, p.workload, n.getName(),
                    "fastcgi_keep_conn on with keepalive " + k.getAsInt() + " lets nginx's " + workersSaid + " hold " + held
                            + " idle FastCGI connections, and each holds a php-fpm worker; " + poolSaid + " has pm = " + pool.pm() + ", pm.max_children = " + max
                            + ": requests queue behind connections that do nothing",
                    "turn fastcgi_keep_conn off (php-fpm over a unix socket gains little from it), or keep worker_processes x keepalive below half of pm.max_children"));
        }
    }

    // --- pool-exceeds-memory-limit ---------------------------------------------------------------

    /** What php-fpm's master and a probe pool's worker take beside the workers (the chart's php.fpm.reservedMemory). */
    private static final long RESERVED_MIB = 32;

    private static void poolMemory(PodView p, List<Finding> out) {
        for (Container c : p.phpFpm) {
            Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("memory");
            if (limit == null) {
                continue;
            }
            long limitMiB;
            try {
                limitMiB = (long) Math.floor(Quantity.getAmountInBytes(limit).doubleValue() / (1024 * 1024));
            } catch (RuntimeException e) {
                continue;
            }
            List<FpmConfig.Pool> pools;
            if (p.fpmConfig != null && !p.fpmConfig.pools().isEmpty()) {
                pools = p.fpmConfig.pools();
            } else if (RUNTIME_IMAGE.matcher(PodView.imageName(c)).matches() && PodView.imageName(c).startsWith("php")) {
                pools = List.of(FpmConfig.IMAGE_DEFAULT);
            } else {
                continue; // the pool is baked into the image: unknown
            }
            String iniLimit = p.fpmEnv.getOrDefault("PHP_MEMORY_LIMIT", p.phpIni.getOrDefault("memory_limit", "128M"));
            long need = RESERVED_MIB;
            List<String> terms = new ArrayList<>();
            for (FpmConfig.Pool pool : pools) {
                if (!pool.runsScripts()) {
                    continue;
                }
                if (pool.maxChildren().isEmpty()) {
                    return;
                }
                String limitText = pool.memoryLimit() != null ? pool.memoryLimit() : iniLimit;
                long perWorker = phpMiB(limitText);
                if (perWorker == -1) {
                    out.add(new Finding(Rule.POOL_EXCEEDS_MEMORY_LIMIT, p.workload, c.getName(),
                            "memory_limit = -1 in pool [" + pool.name() + "]: one request can take all of " + c.getName() + "'s " + limit
                                    + " memory limit, and the kernel then kills php-fpm with every request in flight",
                            "set memory_limit to what a request may take, and fit pm.max_children x memory_limit under the limit"));
                    return;
                }
                if (perWorker < 0) {
                    return; // not a size PHP reads: unknown
                }
                int n = pool.maxChildren().getAsInt();
                need += n * perWorker;
                terms.add("[" + pool.name() + "] " + n + " x " + perWorker + " Mi");
            }
            String opcacheSize = p.phpIni.get("opcache.memory_consumption");
            long opcache = 0;
            if (opcacheSize != null && !"0".equals(p.phpIni.getOrDefault("opcache.enable", "1")) && opcacheSize.matches("[0-9]+")) {
                opcache = Long.parseLong(opcacheSize);
                need += opcache;
                terms.add("opcache " + opcache + " Mi");
            }
            if (need > limitMiB && !terms.isEmpty()) {
                long perWorker = phpMiB(iniLimit);
                long fit = perWorker > 0 ? Math.max(0, (limitMiB - opcache - RESERVED_MIB) / perWorker) : 0;
                out.add(new Finding(Rule.POOL_EXCEEDS_MEMORY_LIMIT, p.workload, c.getName(),
                        "php-fpm may need " + need + " Mi (" + String.join(" + ", terms) + " + " + RESERVED_MIB + " Mi for the master)"
                                + " but " + c.getName() + "'s memory limit is " + limitMiB + " Mi: when its workers peak at once the kernel kills php-fpm",
                        "raise the memory limit to at least " + need + " Mi, or lower pm.max_children" + (fit > 0 ? " to " + fit : "")
                                + " or memory_limit"));
            }
        }
    }

    private static final Pattern PHP_SIZE = Pattern.compile("\\s*(-1|[0-9]+)\\s*([kKmMgG]?)\\s*");

    /** A PHP size (128M, 1G, 512K, bytes; 1024-based) in MiB rounded up; -1 for -1, -2 for anything else. */
    static long phpMiB(String text) {
        Matcher m = PHP_SIZE.matcher(text);
        if (!m.matches()) {
            return -2;
        }
        if (m.group(1).equals("-1")) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            case "g" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
        return (bytes + 1024 * 1024 - 1) / (1024 * 1024);
    }

    private static int cpuLimit(Container c) {
        if (c.getResources() == null || c.getResources().getLimits() == null) {
            return 0;
        }
        Quantity q = c.getResources().getLimits().get("cpu");
        if (q == null) {
            return 0;
        }
        try {
            return (int) Math.ceil(Quantity.getAmountInBytes(q).doubleValue());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // --- pod-security-restricted, writable-root-filesystem ---------------------------------------

    /**
     * The volume types the restricted profile forbids (it allows configMap, csi, downwardAPI,
     * emptyDir, ephemeral, persistentVolumeClaim, projected and secret), each with its field.
     */
    private static final List<Map.Entry<String, Function<Volume, Object>>> FORBIDDEN_VOLUMES = List.of(Map.entry("hostPath", Volume::getHostPath),
            Map.entry("nfs", Volume::getNfs), Map.entry("iscsi", Volume::getIscsi), Map.entry("glusterfs", Volume::getGlusterfs),
            Map.entry("rbd", Volume::getRbd), Map.entry("cephfs", Volume::getCephfs), Map.entry("flexVolume", Volume::getFlexVolume),
            Map.entry("gitRepo", Volume::getGitRepo), Map.entry("awsElasticBlockStore", Volume::getAwsElasticBlockStore),
            Map.entry("gcePersistentDisk", Volume::getGcePersistentDisk), Map.entry("azureDisk", Volume::getAzureDisk),
            Map.entry("azureFile", Volume::getAzureFile), Map.entry("cinder", Volume::getCinder), Map.entry("fc", Volume::getFc),
            Map.entry("flocker", Volume::getFlocker), Map.entry("portworxVolume", Volume::getPortworxVolume), Map.entry("quobyte", Volume::getQuobyte),
            Map.entry("scaleIO", Volume::getScaleIO), Map.entry("storageos", Volume::getStorageos), Map.entry("vsphereVolume", Volume::getVsphereVolume),
            Map.entry("photonPersistentDiskVolume", Volume::getPhotonPersistentDisk));

    private static void podSecurity(PodView p, List<Finding> out) {
        PodSpec spec = p.workload.pod();
        PodSecurityContext pod = spec.getSecurityContext();
        List<String> podLevel = new ArrayList<>();
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            podLevel.add("hostNetwork: true");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            podLevel.add("hostPID: true");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            podLevel.add("hostIPC: true");
        }
        for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            FORBIDDEN_VOLUMES.stream().filter(t -> t.getValue().apply(v) != null).findFirst()
                    .ifPresent(t -> podLevel.add("volume " + v.getName() + " is " + t.getKey()));
        }
        // Containers that break the same fields are named together: "nginx, php-fpm: ...".
        Map<List<String>, List<String>> byBroken = new LinkedHashMap<>();
        List<Container> breaking = new ArrayList<>();
        for (Container c : p.all) {
            List<String> broken = new ArrayList<>();
            SecurityContext s = c.getSecurityContext();
            if (s != null && Boolean.TRUE.equals(s.getPrivileged())) {
                broken.add("privileged: true");
            }
            if (s == null || !Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
                broken.add("allowPrivilegeEscalation is not false");
            }
            Capabilities caps = s == null ? null : s.getCapabilities();
            if (caps == null || caps.getDrop() == null || caps.getDrop().stream().noneMatch("ALL"::equals)) {
                broken.add("capabilities.drop lacks ALL");
            }
            if (caps != null && caps.getAdd() != null && caps.getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
                broken.add("capabilities.add has " + String.join(", ", caps.getAdd().stream().filter(a -> !a.equals("NET_BIND_SERVICE")).toList()));
            }
            Boolean nonRoot = s != null && s.getRunAsNonRoot() != null ? s.getRunAsNonRoot() : pod == null ? null : pod.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                broken.add("runAsNonRoot is not true");
            }
            Long user = s != null && s.getRunAsUser() != null ? s.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
            if (user != null && user == 0) {
                broken.add("runAsUser is 0");
            }
            String seccomp = s != null && s.getSeccompProfile() != null ? s.getSeccompProfile().getType()
                    : pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                broken.add("seccompProfile is not RuntimeDefault");
            }
            if (PodView.ports(c).stream().anyMatch(cp -> cp.getHostPort() != null && cp.getHostPort() != 0)) {
                broken.add("a hostPort");
            }
            if (!broken.isEmpty()) {
                breaking.add(c);
                byBroken.computeIfAbsent(broken, k -> new ArrayList<>()).add(c.getName() + (p.inits.contains(c) ? " (init)" : ""));
            }
        }
        if (podLevel.isEmpty() && breaking.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!podLevel.isEmpty()) {
            parts.add("the pod: " + String.join(", ", podLevel));
        }
        byBroken.forEach((broken, names) -> parts.add(String.join(", ", names) + ": " + String.join(", ", broken)));
        List<String> fix = new ArrayList<>();
        if (!breaking.isEmpty()) {
            fix.add("set runAsNonRoot: true and seccompProfile RuntimeDefault on the pod, allowPrivilegeEscalation: false and capabilities.drop [ALL] on each container");
        }
        if (breaking.stream().anyMatch(p.nginx::contains)) {
            fix.add("nginx, no longer root, listens on a port above 1023 (8080) or runs an unprivileged nginx image");
        }
        if (breaking.stream().anyMatch(p.phpFpm::contains)) {
            fix.add("php-fpm runs as its image's www-data (runAsUser 33 on Debian images, 82 on Alpine ones), and its pools' user and group lines no longer apply");
        }
        if (!podLevel.isEmpty()) {
            fix.add("remove host namespaces and hostPath (and other node) volumes; use emptyDir, configMap, secret or a PersistentVolumeClaim");
        }
        out.add(new Finding(Rule.POD_SECURITY_RESTRICTED, p.workload, breaking.stream().map(Container::getName).toList(),
                "the pod breaks the restricted profile: " + String.join("; ", parts)
                        + ". A namespace that enforces it refuses the pod, and a compromised PHP script gets more than it needs",
                String.join("; ", fix)));
    }

    /** Not for init containers: they run once, before the pod serves, and their files go with them. */
    private static void readOnlyRoot(PodView p, List<Finding> out) {
        List<Container> writable = p.containers.stream()
                .filter(c -> c.getSecurityContext() == null || !Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())).toList();
        if (writable.isEmpty()) {
            return;
        }
        List<String> names = writable.stream().map(Container::getName).toList();
        boolean php = writable.stream().anyMatch(p.phpFpm::contains);
        String who = names.size() == 1 ? "container " + names.get(0) + " can write its" : "containers " + String.join(", ", names) + " can write their";
        List<String> where = new ArrayList<>();
        for (Container c : writable) {
            if (p.nginx.contains(c)) {
                where.add(c.getName() + " (nginx) at /var/cache/nginx and /var/run, or /tmp (its cache, pid and temporary files)");
            } else if (p.phpFpm.contains(c)) {
                where.add(c.getName() + " (php-fpm) at /tmp and its socket folder, and its sessions folder when sessions are files");
            } else {
                String role = PodView.role(c);
                where.add(c.getName() + (role == null ? "" : " (" + role + ")") + " at /tmp and wherever else it writes");
            }
        }
        out.add(new Finding(Rule.WRITABLE_ROOT_FILESYSTEM, p.workload, names,
                who + " root filesystem" + (php ? ": a PHP script (or an upload that becomes one) can change the code php-fpm runs"
                        : ": what it writes is lost with the container, and an attacker can change its files"),
                "set readOnlyRootFilesystem: true and mount an emptyDir where each writes: " + String.join("; ", where)));
    }
}
