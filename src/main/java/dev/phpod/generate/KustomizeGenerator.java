package dev.phpod.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;
import dev.phpod.project.WritablePath;

/**
 * Makes {@code kustomize/}: the base and the optional components from the kustomize skeleton (which
 * is derived from the chart's defaults), with the project's name, image and paths put in; and one
 * overlay per environment from a Qute template.
 */
public final class KustomizeGenerator {
    private KustomizeGenerator() {
    }

    public static void generate(Project project, FileSet out) {
        ChartDefaults chart = ChartDefaults.load();
        List<String> extensions = ChartGenerator.deniedExtensions(project, chart.deniedExtensions());
        Layout layout = layout(project);
        // The layout's values, replaced in the same pass as the placeholders.
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ephemeral-storage: " + chart.nginxStorageLimit(), "ephemeral-storage: " + chart.nginxStorageLimitFor(ChartGenerator.writableMiB(project)));
        values.put(ChartDefaults.denyCopies(chart.deniedExtensions()), ChartDefaults.denyCopies(extensions));
        values.put(env("PHPOD_MOUNT_POINTS", ""), env("PHPOD_MOUNT_POINTS", layout.mountPoints()));
        values.put(env("PHPOD_SEEDS", ""), env("PHPOD_SEEDS", layout.seeds()));
        values.put(env("PHPOD_WRITABLE_PATHS", ""), env("PHPOD_WRITABLE_PATHS", layout.paths()));
        // The image-volume component's subPath: the docroot inside the image, relative.
        values.put(IMAGE_SUBPATH + "var/www/html/public", IMAGE_SUBPATH + project.docrootPath().substring(1));
        Placeholders placeholders = Placeholders.of(project).with(values);
        String deployment = withEnvFrom(withVolumes(placeholders.apply(Skeleton.kustomize().files().get(DEPLOYMENT)), layout, project.name()), project);
        String seed = layout.seeds().isEmpty() ? "" : seedStep(deployment);
        List<Cmd> commands = commands(project, layout, seed);
        for (Map.Entry<String, String> f : Skeleton.kustomize().files().entrySet()) {
            String text = f.getKey().equals(DEPLOYMENT) ? deployment : placeholders.apply(f.getValue());
            if (f.getKey().equals(IMAGE_VOLUME) && !seed.isEmpty()) {
                text = imageVolumeSeeds(text, seed);
            }
            if (f.getKey().equals(BASE)) {
                String resources = "\n  - deployment.yaml\n" + (project.dataPaths().isEmpty() ? "" : "  - claims.yaml\n")
                        + (commands.isEmpty() ? "" : "  - commands.yaml\n");
                text = text.replace("\n  - deployment.yaml\n", resources);
            }
            out.add("kustomize/" + f.getKey(), text);
        }
        if (!project.dataPaths().isEmpty()) {
            out.add("kustomize/base/claims.yaml", Templates.KustomizeBase.claims(project).render());
        }
        if (!commands.isEmpty()) {
            out.add("kustomize/base/commands.yaml", Templates.KustomizeBase.commands(project, commands).render());
        }
        out.replace("kustomize/base/config/app-locations.conf", Templates.KustomizeConfig.appLocations(layout.served(),
                project.layout().deniedPaths(), ChartDefaults.denyCopies(extensions), chart.frontController()).render());
        for (Environment env : project.environments()) {
            out.add("kustomize/overlays/" + env.name() + "/kustomization.yaml",
                    Templates.Kustomize.kustomization(project, env, Claims.of(project, env), commands,
                            chart.pool(env.size().maxChildren())).render());
        }
    }

    private static final String DEPLOYMENT = "base/deployment.yaml";
    private static final String IMAGE_VOLUME = "components/image-volume/kustomization.yaml";
    private static final String IMAGE_SUBPATH = "/volumeMounts/0/subPath\n        value: ";
    private static final String REMOVE_COPY = "      - op: remove\n        path: /spec/template/spec/initContainers\n";

    /**
     * The image-volume component of a project with seeded paths: the copy step gives way to the seed
     * step (the same init container without a code source, as the commands' pods have) instead of
     * going altogether.
     */
    static String imageVolumeSeeds(String component, String seed) {
        if (!component.contains(REMOVE_COPY)) {
            throw new IllegalStateException("the image-volume component does not remove the copy step");
        }
        String list = String.join("\n", seed.lines().skip(1).map(l -> l.isEmpty() ? l : "        " + l).toList());
        return component.replace(REMOVE_COPY, "      - op: replace\n        path: /spec/template/spec/initContainers\n        value:\n" + list + "\n");
    }
    private static final String BASE = "base/kustomization.yaml";

    /**
     * A command of the app in the base, as the chart's phpod.cliPodSpec renders it: a process
     * (Deployment), a schedule (CronJob) or the release step (Job).
     *
     * @param claims       the data claims mounted; the release step's base has empty folders in their
     *                     place, and its overlay mounts the claims that exist before it ({@link Claims#release})
     * @param config       the ServiceAccount and PHP settings (the release step runs before they exist)
     * @param storageLimit the container's ephemeral-storage limit: php-fpm's, or what its volumes may hold
     * @param image        the app image as the base names it (each overlay's images: entry sets the release's)
     * @param seed         the pod spec's initContainers (the seed step), at column 0; empty without seeded paths
     */
    public record Cmd(String kind, String name, List<String> command, int replicas, int grace, String restartPolicy, String schedule,
            int deadline, boolean claims, boolean config, String storageLimit, String image, String seed, String podSpec) {
        /** The pod spec, indented to sit at this column. */
        public String pod(int indent) {
            String pad = " ".repeat(indent);
            return String.join("\n", podSpec.strip().lines().map(l -> l.isEmpty() ? l : pad + l).toList());
        }

        /** A CronJob keeps its pod spec one level deeper (jobTemplate), for the overlay's patches. */
        public boolean cron() {
            return kind.equals("CronJob");
        }
    }

    static List<Cmd> commands(Project project, Layout layout, String seed) {
        List<Cmd> out = new ArrayList<>();
        for (dev.phpod.project.AppProcess p : project.processes()) {
            out.add(cmd(project, layout, "Deployment", p.name(), p.command(), p.replicas(), p.stopSeconds(), "Always", null, 0, true, true, seed));
        }
        for (dev.phpod.project.Schedule c : project.schedules()) {
            out.add(cmd(project, layout, "CronJob", c.name(), c.command(), 0, 30, "Never", c.schedule(), c.deadlineSeconds(), true, true, seed));
        }
        if (project.release() != null) {
            out.add(cmd(project, layout, "Job", "release", project.release().command(), 0, 30, "Never", null, project.release().deadlineSeconds(),
                    false, false, seed));
        }
        return out;
    }

    /**
     * The seed step of the commands' pods, made from the web pod's copy step as the base renders it
     * (one script, one resource budget): the same init container without a code source, so it only
     * fills the seeded writable paths, which it mounts as the copy step does.
     */
    static String seedStep(String deployment) {
        int from = deployment.indexOf("\n      initContainers:\n");
        int to = deployment.indexOf("\n      containers:\n", from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("the base Deployment has no copy step to make the seed step from");
        }
        String step = deployment.substring(from + 1, to + 1)
                .replace("        - name: copy-code\n", "        - name: seed\n")
                .replaceFirst("(- name: PHPOD_COPY_SOURCE\n\s+value: )\"[^\"\n]*\"", "$1\"\"")
                .replaceFirst("(- name: PHPOD_MOUNT_POINTS\n\s+value: )\"[^\"\n]*\"", "$1\"\"")
                .replace("            - name: code\n              mountPath: /phpod-copy\n", "");
        return String.join("\n", step.lines().map(l -> l.length() >= 6 ? l.substring(6) : l.strip()).toList());
    }

    private static Cmd cmd(Project project, Layout layout, String kind, String name, List<String> command, int replicas, int grace,
            String restartPolicy, String schedule, int deadline, boolean claims, boolean config, String seed) {
        String storage = storageLimit(project, claims ? WritablePath::persistent : w -> false);
        String image = project.image().repository() + ":" + project.image().tag();
        Cmd c = new Cmd(kind, name, command, replicas, grace, restartPolicy, schedule, deadline, claims, config, storage, image, seed, "");
        String pod = Templates.KustomizeBase.cliPod(project, c, layout.writable()).render();
        return new Cmd(kind, name, command, replicas, grace, restartPolicy, schedule, deadline, claims, config, storage, image, seed, pod);
    }

    /**
     * A command's ephemeral-storage limit, as phpod.cliResources sets it: php-fpm's, or what the
     * pod's volumes may hold (/tmp and the writable paths that do not mount a claim) and 16 Mi.
     */
    static String storageLimit(Project project, java.util.function.Predicate<WritablePath> claimed) {
        ChartDefaults chart = ChartDefaults.load();
        long need = ChartDefaults.mib(chart.tmpSizeLimit()) + ChartGenerator.writableMiB(project, claimed) + 16;
        return need > ChartDefaults.mib(chart.phpStorageLimit()) ? need + "Mi" : chart.phpStorageLimit();
    }

    /**
     * What an overlay does to the base's claims, as the chart does with persistence.*: the
     * environment's existing claims mounted instead of phpod's own (which it deletes) in the web
     * pod, the processes and the schedules, the others ReadWriteMany where more than one pod runs
     * and of the environment's storage class, and the pod replaced rather than surged where one pod
     * mounts a ReadWriteOnce claim. The release step (an emptyDir for each path in the base) mounts
     * the claims that exist before it and can be shared, as the chart does without a cluster to ask:
     * the user's, unless the environment's accessMode is ReadWriteOnce; never phpod's own, which a
     * first release has not made yet (Argo CD's PreSync hook would wait for it forever).
     *
     * @param own            claim names of the persistent paths that keep phpod's own claim
     * @param existing       writable path name to the claim of the user's that it mounts
     * @param deleted        claim names of phpod's own claims that an existing claim replaces
     * @param release        writable path name to the claim the release step mounts (the others stay emptyDirs)
     * @param releaseStorage the release step's ephemeral-storage limit with those claims mounted
     */
    record Claims(List<String> own, Map<String, String> existing, List<String> deleted, String accessMode, String storageClass,
            boolean recreate, Map<String, String> release, String releaseStorage) {
        static Claims of(Project project, Environment env) {
            List<String> own = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            Map<String, String> existing = new LinkedHashMap<>();
            for (WritablePath w : project.dataPaths()) {
                String claim = project.name() + "-" + w.name();
                if (env.existingClaim(w.name()) != null) {
                    existing.put(w.name(), env.existingClaim(w.name()));
                    deleted.add(claim);
                } else {
                    own.add(claim);
                }
            }
            String mode = project.claimAccessMode(env);
            Map<String, String> release = "ReadWriteOnce".equals(env.accessMode()) ? Map.of() : existing;
            return new Claims(own, existing, deleted, mode, env.storageClass(), !own.isEmpty() && mode.equals("ReadWriteOnce"), release,
                    KustomizeGenerator.storageLimit(project, w -> release.containsKey(w.name())));
        }

        /** The claims a command's pod mounts here instead of what the base gives that path (phpod's own claim, or an emptyDir). */
        public Map<String, String> mountedBy(Cmd cmd) {
            return cmd.claims() ? existing : release;
        }

        /** A command's ephemeral-storage limit here where it differs from the base's (the release step with claims mounted), else null. */
        public String storageLimit(Cmd cmd) {
            return cmd.claims() || releaseStorage.equals(cmd.storageLimit()) ? null : releaseStorage;
        }

        /** phpod's own claims need a patch here: another access mode than the base's, or a storage class. */
        public boolean patchOwn() {
            return !own.isEmpty() && (!accessMode.equals("ReadWriteOnce") || storageClass != null);
        }
    }

    /** A writable path nginx serves, at this URL path. */
    record Served(String name, String url, boolean frontController) {
    }

    /** The project's layout as the base needs it: the writable volumes, the copy step's variables, the nginx locations. */
    record Layout(List<WritablePath> writable, List<Served> served, String mountPoints, String seeds, String paths) {
    }

    private static Layout layout(Project project) {
        String docroot = project.docrootPath();
        List<WritablePath> writable = new ArrayList<>();
        List<Served> served = new ArrayList<>();
        List<String> mountPoints = new ArrayList<>();
        for (WritablePath w : project.layout().writablePaths()) {
            String path = w.absolute(project.codePath());
            writable.add(new WritablePath(w.name(), path, ChartDefaults.sizeLimit(w), w.seed(), w.urlPath(), w.frontController(), w.persistent(),
                    w.size()));
            String below = path.startsWith(docroot + "/") ? path.substring(docroot.length()) : null;
            String url = w.url(project.codePath(), docroot);
            if (url != null && !project.layout().deniedPaths().contains(url)) {
                served.add(new Served(w.name(), url, w.frontController()));
            }
            if (below != null) {
                mountPoints.add(below.substring(1)); // the copy (the docroot) holds the mount point
            }
        }
        List<WritablePath> seeded = writable.stream().filter(WritablePath::seed).toList();
        return new Layout(writable, served, String.join(" ", mountPoints), String.join(" ", seeded.stream().map(w -> w.name() + ":" + w.path()).toList()),
                String.join(" ", writable.stream().map(WritablePath::path).toList()));
    }

    /** One of the copy step's variables in the base Deployment, as the chart renders it. */
    private static String env(String name, String value) {
        return "- name: " + name + "\n              value: " + YamlText.yaml(value);
    }

    /**
     * The base Deployment with the writable volumes in it, where the chart puts them: each mounted at
     * its path after php-fpm's and nginx's other mounts, the seeded ones also in the copy step, the
     * volumes after the pod's others. In the Deployment itself rather than a patch, so that edits of
     * the base (a variable, a mount, a container) never break the build.
     */
    static String withVolumes(String deployment, Layout layout, String app) {
        List<String> lines = new ArrayList<>(List.of(deployment.split("\n", -1)));
        List<String> seedMounts = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (WritablePath w : layout.writable()) {
            if (w.seed()) {
                seedMounts.add("- name: writable-" + w.name());
                seedMounts.add("  mountPath: /phpod-seed/" + w.name());
            }
            mounts.add("- name: writable-" + w.name());
            mounts.add("  mountPath: " + w.path());
            volumes.add("- name: writable-" + w.name());
            if (w.persistent()) {
                volumes.add("  persistentVolumeClaim:");
                volumes.add("    claimName: " + app + "-" + w.name());
            } else {
                volumes.add("  emptyDir:");
                volumes.add("    sizeLimit: " + w.sizeLimit());
            }
        }
        appendToList(lines, "copy-code", "volumeMounts:", seedMounts);
        appendToList(lines, "php-fpm", "volumeMounts:", mounts);
        appendToList(lines, "nginx", "volumeMounts:", mounts);
        appendToList(lines, null, "volumes:", volumes);
        return String.join("\n", lines);
    }

    /** php-fpm with the project's envFrom, after its env, where the chart puts it. */
    static String withEnvFrom(String deployment, Project project) {
        if (project.envFrom().isEmpty()) {
            return deployment;
        }
        List<String> lines = new ArrayList<>(List.of(deployment.split("\n", -1)));
        List<String> items = new ArrayList<>();
        for (dev.phpod.project.EnvFrom e : project.envFrom()) {
            items.add("- " + e.ref() + ":");
            items.add("    name: " + YamlText.yamlPlain(e.name()));
        }
        int env = keyLine(lines, "php-fpm", "env:");
        int end = endOfBlock(lines, env);
        String indent = " ".repeat(indent(lines.get(env)));
        List<String> block = new ArrayList<>();
        block.add(indent + "envFrom:");
        items.forEach(x -> block.add(indent + "  " + x));
        lines.addAll(end, block);
        return String.join("\n", lines);
    }

    /**
     * Appends items to a block list of the Deployment: {@code key} of the container named
     * {@code container}, or of the pod spec when null. The Deployment is phpod's own skeleton, so a
     * key that is not there is a bug, not input.
     */
    private static void appendToList(List<String> lines, String container, String key, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        int keyLine = keyLine(lines, container, key);
        int end = endOfBlock(lines, keyLine);
        int itemIndent = indent(lines.get(keyLine + 1));
        List<String> indented = items.stream().map(x -> " ".repeat(itemIndent) + x).toList();
        lines.addAll(end, indented);
    }

    /** The line of {@code key} in the container named {@code container}, or in the pod spec when null. */
    private static int keyLine(List<String> lines, String container, String key) {
        int from = 0;
        int fieldIndent = 6; // the pod spec's fields
        if (container != null) {
            from = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals("- name: " + container)) {
                    from = i + 1;
                    fieldIndent = indent(lines.get(i)) + 2;
                    break;
                }
            }
        }
        for (int i = Math.max(from, 0); from >= 0 && i < lines.size(); i++) {
            String l = lines.get(i);
            if (container != null && !l.isBlank() && indent(l) < fieldIndent) {
                break; // past the container
            }
            if (indent(l) == fieldIndent && l.strip().equals(key)) {
                return i;
            }
        }
        throw new IllegalStateException("kustomize skeleton: no " + key + " for " + (container == null ? "the pod" : container));
    }

    /** The line after the block that starts at {@code keyLine}: past its items, and their comments. */
    private static int endOfBlock(List<String> lines, int keyLine) {
        int end = keyLine + 1;
        int itemIndent = indent(lines.get(end));
        while (end < lines.size() && !lines.get(end).isBlank() && indent(lines.get(end)) >= itemIndent) {
            end++;
        }
        return end;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
