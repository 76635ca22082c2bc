package dev.phpod.project;

import java.util.List;

/**
 * Everything phpod needs to generate a deployment for one PHP project: the typed form of
 * {@code phpod.yaml}. Build it with {@link ProjectValidator}, which checks every field.
 *
 * @param phpodVersion the version of phpod that wrote the descriptor
 * @param name         the app and chart name (DNS-1123 label)
 * @param image        the app image that holds the PHP code and php-fpm
 * @param codePath     absolute path of the code inside the image
 * @param docroot      document root relative to codePath ({@code .} for the code root)
 * @param preset       the framework preset the layout comes from (a key left out takes its value)
 * @param layout       writable paths, denied paths and extensions
 * @param environments one entry per environment, in order
 * @param envFrom      Secrets and ConfigMaps whose keys every container running the app's code gets
 * @param processes    long-running commands (queue workers), a Deployment each
 * @param schedules    commands run on a schedule, a CronJob each
 * @param release      the command run once per release before the new pods, or null
 */
public record Project(String phpodVersion, String name, ImageRef image, String codePath, String docroot,
        Preset preset, Layout layout, List<Environment> environments, List<EnvFrom> envFrom, List<AppProcess> processes,
        List<Schedule> schedules, ReleaseStep release) {

    public Project {
        environments = List.copyOf(environments);
        envFrom = List.copyOf(envFrom);
        processes = List.copyOf(processes);
        schedules = List.copyOf(schedules);
    }

    public Project(String phpodVersion, String name, ImageRef image, String codePath, String docroot,
            Preset preset, Layout layout, List<Environment> environments) {
        this(phpodVersion, name, image, codePath, docroot, preset, layout, environments, List.of(), List.of(), List.of(), null);
    }

    /** The same project with another code path and docroot (its layout's relative paths follow). */
    public Project withPaths(String codePath, String docroot) {
        return new Project(phpodVersion, name, image, codePath, docroot, preset, layout, environments, envFrom, processes, schedules, release);
    }

    /**
     * The access mode of the data claims phpod makes in an environment: ReadWriteMany where several
     * pods mount them (more than one web pod, or processes and schedules beside it), else
     * ReadWriteOnce, which every storage class offers, with the web pod then replaced rather than
     * surged on a rollout, since a second pod on another node could not attach the claim. The
     * environment's own accessMode wins (a one-node cluster's ReadWriteOnce beside processes).
     */
    public String claimAccessMode(Environment env) {
        if (env.accessMode() != null) {
            return env.accessMode();
        }
        return env.runsManyPods() || hasCliPods() ? "ReadWriteMany" : "ReadWriteOnce";
    }

    /** Pods besides the web pods mount the data claims: processes and schedules. */
    public boolean hasCliPods() {
        return !processes.isEmpty() || !schedules.isEmpty();
    }

    /** The persistent writable paths: each a PersistentVolumeClaim per environment. */
    public List<WritablePath> dataPaths() {
        return layout.writablePaths().stream().filter(WritablePath::persistent).toList();
    }

    /** The document root as an absolute path. */
    public String docrootPath() {
        return docrootPath(codePath, docroot);
    }

    /** A docroot relative to a code path, as an absolute path. */
    static String docrootPath(String codePath, String docroot) {
        return docroot.equals(".") ? codePath : (codePath.equals("/") ? "" : codePath) + "/" + docroot;
    }
}
