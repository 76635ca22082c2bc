package dev.phpod.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks raw inputs (from flags or from the descriptor) and turns them into a {@link Project}.
 * Each problem is an {@link InputException} with one line that names the field and the fix.
 */
public final class ProjectValidator {

    /** Longest app name: leaves room for the names the chart and overlays derive from it. */
    public static final int MAX_NAME = 40;
    /** Longest environment name. */
    public static final int MAX_ENV = 20;

    /** Folder names of the Kustomize layout, confusing (and refused) as environment names. */
    private static final Set<String> RESERVED_ENVIRONMENTS = Set.of("base", "components", "overlays");

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private ProjectValidator() {
    }

    /** The raw form of a project, as typed; null means "use the default" (of the preset, for the layout). */
    public record Input(String name, String image, String codePath, String docroot, String preset, LayoutInput layout,
            List<EnvInput> environments, List<EnvFromInput> envFrom, List<ProcessInput> processes, List<ScheduleInput> schedules,
            ReleaseInput release) {
        public Input(String name, String image, String codePath, String docroot, List<EnvInput> environments) {
            this(name, image, codePath, docroot, null, LayoutInput.PRESET, environments);
        }

        public Input(String name, String image, String codePath, String docroot, String preset, LayoutInput layout,
                List<EnvInput> environments) {
            this(name, image, codePath, docroot, preset, layout, environments, List.of(), List.of(), List.of(), null);
        }
    }

    /** One raw process: a long-running command, a Deployment. */
    public record ProcessInput(String field, String name, List<String> command, Integer replicas, Integer stopSeconds) {
    }

    /** One raw schedule: a command run by a CronJob. */
    public record ScheduleInput(String field, String name, String schedule, List<String> command, Integer deadlineSeconds) {
    }

    /** The raw release step. */
    public record ReleaseInput(String field, List<String> command, Integer deadlineSeconds) {
    }

    /** One raw envFrom entry: a Secret or a ConfigMap by name (exactly one of the two). */
    public record EnvFromInput(String field, String secret, String configMap) {
    }

    /** The raw layout: a null list takes the preset's. */
    public record LayoutInput(List<WritableInput> writablePaths, List<String> deniedPaths, List<String> deniedExtensions) {
        public static final LayoutInput PRESET = new LayoutInput(null, null, null);
    }

    /** One raw writable path; field is its place in the input, for messages. */
    public record WritableInput(String field, String name, String path, String sizeLimit, Boolean seed, String urlPath,
            Boolean frontController, Boolean persistent, String size) {
        public WritableInput(String field, String name, String path, String sizeLimit, Boolean seed, String urlPath,
                Boolean frontController, Boolean persistent) {
            this(field, name, path, sizeLimit, seed, urlPath, frontController, persistent, null);
        }
    }

    /** The raw form of one environment; null fields take the defaults of its name. */
    public record EnvInput(String field, String name, String namespace, Integer replicas, Boolean autoscaling,
            Boolean networkPolicy, String size, Boolean disruptionBudget, String host, String tls, String storageClass,
            java.util.Map<String, String> existingClaims, java.util.Map<String, String> gateway, String accessMode, Boolean monitoring,
            String scaleOn, String codeSource) {
        /** An environment known by name only: everything else takes the defaults. */
        public static EnvInput named(String field, String name) {
            return new EnvInput(field, name, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    public static Project validate(String phpodVersion, Input in, Fields f) {
        String name = name(f.name(), in.name());
        ImageRef image = ImageRef.parse(f.image(), in.image());
        String codePath = codePath(f.codePath(), in.codePath() == null ? "/var/www/html" : in.codePath());
        Preset preset = in.preset() == null ? Preset.GENERIC : Preset.byId(in.preset()).orElseThrow(() -> new InputException(
                f.preset() + ": '" + Text.printable(in.preset()) + "' is not a preset; use one of " + String.join(", ", Preset.ids())));
        String docroot = docroot(f.docroot(), in.docroot() == null ? preset.docroot() : in.docroot());
        Layout layout = layout(in.layout() == null ? LayoutInput.PRESET : in.layout(), preset.layout(docroot), codePath,
                Project.docrootPath(codePath, docroot));
        List<EnvInput> envs = in.environments();
        if (envs == null || envs.isEmpty()) {
            throw new InputException(f.environments() + ": no environment; name at least one, e.g. dev,staging,prod");
        }
        List<Environment> environments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        java.util.Map<String, String> namespaces = new java.util.HashMap<>();
        for (EnvInput e : envs) {
            Environment env = environment(name, e);
            if (!seen.add(env.name())) {
                throw new InputException(e.field() + ": environment '" + env.name() + "' is listed twice; name each environment once");
            }
            String other = namespaces.putIfAbsent(env.namespace(), env.name());
            if (other != null) {
                throw new InputException(e.field() + ".namespace: " + env.namespace() + " is also the namespace of " + other
                        + "; the two would replace each other's Deployment and Service (same names): give each environment its own namespace");
            }
            if (name.equals("kubernetes") && env.namespace().equals("default")) {
                throw new InputException(f.name() + ": 'kubernetes' in namespace default would replace the API server's Service; choose another name");
            }
            claims(e, env, layout);
            environments.add(env);
        }
        List<AppProcess> processes = new ArrayList<>();
        List<Schedule> schedules = new ArrayList<>();
        Set<String> commands = new HashSet<>();
        for (ProcessInput p : in.processes() == null ? List.<ProcessInput>of() : in.processes()) {
            String n = commandName(p.field(), p.name(), name, 63, commands, "queue");
            List<String> command = command(p.field() + ".command", p.command(), "[php, artisan, queue:work, --tries=3]");
            int replicas = p.replicas() == null ? 1 : p.replicas();
            if (replicas < 0 || replicas > 100) {
                throw new InputException(p.field() + ".replicas: " + replicas + " is out of range; use a number from 0 to 100");
            }
            int stop = p.stopSeconds() == null ? AppProcess.stopSecondsFor(command) : seconds(p.field() + ".stopSeconds", p.stopSeconds());
            processes.add(new AppProcess(n, command, replicas, stop));
        }
        for (ScheduleInput c : in.schedules() == null ? List.<ScheduleInput>of() : in.schedules()) {
            String n = commandName(c.field(), c.name(), name, 52, commands, "scheduler");
            schedules.add(new Schedule(n, schedule(c.field() + ".schedule", c.schedule()),
                    command(c.field() + ".command", c.command(), "[php, artisan, schedule:run]"),
                    c.deadlineSeconds() == null ? Schedule.DEFAULT_DEADLINE_SECONDS : seconds(c.field() + ".deadlineSeconds", c.deadlineSeconds())));
        }
        ReleaseStep release = null;
        if (in.release() != null) {
            ReleaseInput r = in.release();
            release = new ReleaseStep(command(r.field() + ".command", r.command(), "[php, artisan, migrate, --force]"),
                    r.deadlineSeconds() == null ? ReleaseStep.DEFAULT_DEADLINE_SECONDS : seconds(r.field() + ".deadlineSeconds", r.deadlineSeconds()));
        }
        return new Project(phpodVersion, name, image, codePath, docroot, preset, layout, environments, envFrom(in.envFrom()), processes,
                schedules, release);
    }

    /** The name of a process or schedule: a DNS-1123 label that leaves <app>-<name> within Kubernetes' limit for its kind. */
    private static String commandName(String field, String n, String app, int limit, Set<String> seen, String example) {
        if (n == null || !DNS_LABEL.matcher(n).matches()) {
            throw new InputException(field + ".name: '" + Text.printable(String.valueOf(n))
                    + "' is not a valid name; use a DNS-1123 label (lowercase letters, digits, '-'), e.g. " + example);
        }
        if (app.length() + 1 + n.length() > limit) {
            throw new InputException(field + ".name: '" + n + "' makes the name " + app + "-" + n + " longer than " + limit
                    + " characters; use at most " + (limit - app.length() - 1));
        }
        if (n.equals("release")) {
            throw new InputException(field + ".name: 'release' names the release step's Job and pods; choose another name");
        }
        if (!seen.add(n)) {
            throw new InputException(field + ".name: '" + n + "' is used twice; give each process and schedule its own name");
        }
        return n;
    }

    /** A command as Kubernetes runs it: the program and its arguments, no shell. */
    private static List<String> command(String field, List<String> command, String example) {
        if (command == null || command.isEmpty()) {
            throw new InputException(field + ": missing; give the program and its arguments as a list, e.g. " + example);
        }
        if (command.size() > 64) {
            throw new InputException(field + ": " + command.size() + " items; a command takes at most 64 (put a longer one in a script in the image)");
        }
        for (int i = 0; i < command.size(); i++) {
            String item = command.get(i);
            if (item == null || (i == 0 && item.isBlank()) || item.length() > 4096 || item.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
                throw new InputException(field + "[" + i + "]: '" + Text.printable(String.valueOf(item))
                        + "' is not a command item; use printable text on one line" + (i == 0 ? ", the program first" : ""));
            }
        }
        return command;
    }

    private static int seconds(String field, int seconds) {
        if (seconds < 1 || seconds > 86400) {
            throw new InputException(field + ": " + seconds + " is out of range; use a number of seconds from 1 to 86400");
        }
        return seconds;
    }

    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?/,-]+");
    private static final Pattern CRON_MACRO = Pattern.compile("@(yearly|annually|monthly|weekly|daily|midnight|hourly)");

    /** A CronJob's schedule: five cron fields, or a macro such as @hourly. */
    static String schedule(String field, String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new InputException(field + ": missing; give a cron expression, e.g. \"* * * * *\" (every minute)");
        }
        String[] fields = schedule.strip().split("\\s+");
        boolean cron = fields.length == 5 && java.util.Arrays.stream(fields).allMatch(f -> CRON_FIELD.matcher(f).matches());
        if (!cron && !CRON_MACRO.matcher(schedule.strip()).matches()) {
            throw new InputException(field + ": '" + Text.printable(schedule)
                    + "' is not a cron schedule; give five fields (minute hour day-of-month month day-of-week), e.g. \"*/5 * * * *\", or @hourly, @daily");
        }
        return schedule.strip();
    }

    /** Each existing claim of an environment stands for a persistent writable path of the layout. */
    private static void claims(EnvInput e, Environment env, Layout layout) {
        if (env.accessMode() != null && layout.writablePaths().stream().noneMatch(WritablePath::persistent)) {
            throw new InputException(e.field() + ".accessMode: only the claims of persistent writable paths have one, and there is none; "
                    + "mark a writable path persistent: true, or drop accessMode");
        }
        for (String path : env.existingClaims().keySet()) {
            if (layout.writablePaths().stream().noneMatch(w -> w.persistent() && w.name().equals(path))) {
                List<String> data = layout.writablePaths().stream().filter(WritablePath::persistent).map(WritablePath::name).toList();
                throw new InputException(e.field() + ".existingClaims." + Text.printable(path) + ": no persistent writable path is named so; "
                        + (data.isEmpty() ? "mark the writable path persistent: true first" : "use one of " + String.join(", ", data)));
            }
        }
    }

    static List<EnvFrom> envFrom(List<EnvFromInput> in) {
        List<EnvFrom> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        for (EnvFromInput e : in) {
            if ((e.secret() == null) == (e.configMap() == null)) {
                throw new InputException(e.field() + ": give exactly one of secret or configMap, e.g. {secret: shop-env}");
            }
            boolean secret = e.secret() != null;
            EnvFrom ref = new EnvFrom(secret, objectName(e.field() + "." + (secret ? "secret" : "configMap"), secret ? e.secret() : e.configMap(),
                    secret ? "shop-env" : "shop-config"));
            if (out.contains(ref)) {
                throw new InputException(e.field() + ": the " + ref.key() + " " + ref.name() + " is listed twice; list each once");
            }
            out.add(ref);
        }
        return out;
    }

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** The name of a Kubernetes object (a DNS-1123 subdomain), e.g. a Secret's. */
    static String objectName(String field, String name, String example) {
        if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new InputException(field + ": '" + Text.printable(String.valueOf(name))
                    + "' is not a Kubernetes name; use lowercase letters, digits, '-' and '.', e.g. " + example);
        }
        return name;
    }

    /** A host name an Ingress takes: a DNS-1123 subdomain, or one under a leading wildcard. */
    static String host(String field, String host) {
        String rest = host.startsWith("*.") ? host.substring(2) : host;
        boolean labels = java.util.Arrays.stream(rest.split("\\.", -1)).allMatch(l -> l.length() <= 63);
        if (host.length() > 253 || !labels || !DNS_SUBDOMAIN.matcher(rest).matches()) {
            throw new InputException(field + ": '" + Text.printable(host)
                    + "' is not a host name; use lowercase letters, digits, '-' and '.', without scheme, port or path, e.g. shop.example.com");
        }
        return host;
    }

    /** The field names to use in messages: flags for the command line, paths for the descriptor. */
    public record Fields(String name, String image, String codePath, String docroot, String preset, String environments) {
        public static final Fields FLAGS = new Fields("--name", "--image", "--code-path", "--docroot", "--preset", "--env");
        public static final Fields DESCRIPTOR = new Fields("name", "image", "codePath", "docroot", "preset", "environments");
    }

    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
    private static final Pattern URL_PATH = Pattern.compile("(/[A-Za-z0-9_.~-]+)+");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_-]{1,20}");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?(k|M|G|T|Ki|Mi|Gi|Ti)?");

    static Layout layout(LayoutInput in, Layout preset, String codePath, String docrootPath) {
        List<WritablePath> writable = preset.writablePaths();
        if (in.writablePaths() != null) {
            writable = new ArrayList<>();
            Set<String> names = new HashSet<>();
            Set<String> paths = new HashSet<>();
            for (WritableInput w : in.writablePaths()) {
                WritablePath p = writablePath(w, codePath, docrootPath);
                if (!names.add(p.name())) {
                    throw new InputException(w.field() + ".name: '" + p.name() + "' is used twice; give each writable path its own name");
                }
                if (!paths.add(p.absolute(codePath))) {
                    throw new InputException(w.field() + ".path: " + p.absolute(codePath) + " is listed twice; list each writable path once");
                }
                writable.add(p);
            }
        }
        List<String> denied = preset.deniedPaths();
        if (in.deniedPaths() != null) {
            for (int i = 0; i < in.deniedPaths().size(); i++) {
                String d = in.deniedPaths().get(i);
                if (d == null || !URL_PATH.matcher(d).matches() || d.contains("/./") || d.contains("/../") || d.endsWith("/.") || d.endsWith("/..")) {
                    throw new InputException("deniedPaths[" + i + "]: '" + Text.printable(String.valueOf(d))
                            + "' is not a URL path; use a path such as /data (letters, digits, '.', '_', '~', '-' between slashes)");
                }
            }
            denied = in.deniedPaths();
        }
        List<String> extensions = preset.deniedExtensions();
        if (in.deniedExtensions() != null) {
            for (int i = 0; i < in.deniedExtensions().size(); i++) {
                String x = in.deniedExtensions().get(i);
                if (x == null || !EXTENSION.matcher(x).matches()) {
                    throw new InputException("deniedExtensions[" + i + "]: '" + Text.printable(String.valueOf(x))
                            + "' is not a file extension; give it without the dot, e.g. sql");
                }
            }
            extensions = in.deniedExtensions();
        }
        // Each URL prefix gets one nginx location: the same prefix twice would stop nginx from starting.
        java.util.Map<String, String> prefixes = new java.util.LinkedHashMap<>();
        prefixes.put("/.well-known", "phpod's own /.well-known location");
        for (int i = 0; i < writable.size(); i++) {
            String url = writable.get(i).url(codePath, docrootPath);
            String field = in.writablePaths() == null ? "the preset's writable path " + writable.get(i).name() : "writablePaths[" + i + "]";
            claim(prefixes, url, field);
        }
        for (int i = 0; i < denied.size(); i++) {
            // A writable path at a denied URL is written by the app and never served (a wiki's data/).
            String d = denied.get(i);
            if (writable.stream().noneMatch(w -> d.equals(w.url(codePath, docrootPath)))) {
                claim(prefixes, d, "deniedPaths[" + i + "]");
            }
        }
        return new Layout(writable, denied, extensions);
    }

    private static void claim(java.util.Map<String, String> prefixes, String url, String field) {
        if (url == null) {
            return;
        }
        String other = prefixes.putIfAbsent(url, field);
        if (other != null) {
            throw new InputException(field + ": " + url + " is also the URL of " + other
                    + "; nginx allows one location per path: give each writable and denied path its own URL");
        }
    }

    static WritablePath writablePath(WritableInput w, String codePath, String docrootPath) {
        if (w.name() == null || !VOLUME_NAME.matcher(w.name()).matches()) {
            throw new InputException(w.field() + ".name: '" + Text.printable(String.valueOf(w.name()))
                    + "' is not a volume name; use a DNS-1123 label of at most 32 characters, e.g. uploads");
        }
        if (w.path() == null || w.path().isEmpty()) {
            throw new InputException(w.field() + ".path: missing; give the folder relative to codePath, e.g. public/uploads");
        }
        String path = w.path().startsWith("/") ? absolutePath(w.field() + ".path", w.path()) : relativePath(w.field() + ".path", w.path(), "public/uploads");
        String absolute = path.equals(".") ? codePath : WritablePath.absolute(path, codePath);
        if ((codePath + "/").startsWith(absolute + "/") || (docrootPath + "/").startsWith(absolute + "/")) {
            throw new InputException(w.field() + ".path: '" + Text.printable(w.path())
                    + "' would hide the code or the docroot behind an empty volume; give a folder inside them, e.g. public/uploads");
        }
        if (path.startsWith("/phpod-") || path.equals("/tmp") || path.startsWith("/tmp/") || path.startsWith("/run/phpod") || path.startsWith("/etc/phpod")) {
            throw new InputException(w.field() + ".path: " + path + " is where phpod mounts its own volumes; choose another folder");
        }
        if (w.sizeLimit() != null && !QUANTITY.matcher(w.sizeLimit()).matches()) {
            throw new InputException(w.field() + ".sizeLimit: '" + Text.printable(w.sizeLimit()) + "' is not a quantity; use a size such as 256Mi or 1Gi");
        }
        if (w.urlPath() != null && !URL_PATH.matcher(w.urlPath()).matches()) {
            throw new InputException(w.field() + ".urlPath: '" + Text.printable(w.urlPath()) + "' is not a URL path; use a path such as /storage");
        }
        boolean persistent = Boolean.TRUE.equals(w.persistent());
        if (persistent && w.sizeLimit() != null) {
            throw new InputException(w.field() + ".sizeLimit: a persistent path is a claim, not an emptyDir; give its storage as size, e.g. size: "
                    + w.sizeLimit());
        }
        if (w.size() != null && !persistent) {
            throw new InputException(w.field() + ".size: only a persistent path has a claim to size; add persistent: true, or give sizeLimit for its emptyDir");
        }
        if (w.size() != null && !QUANTITY.matcher(w.size()).matches()) {
            throw new InputException(w.field() + ".size: '" + Text.printable(w.size()) + "' is not a quantity; use a size such as 10Gi");
        }
        return new WritablePath(w.name(), path, w.sizeLimit(), Boolean.TRUE.equals(w.seed()), w.urlPath(), Boolean.TRUE.equals(w.frontController()),
                persistent, w.size());
    }

    static String name(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new InputException(field + ": missing; give the app name, a DNS-1123 label such as 'shop'");
        }
        if (name.length() > MAX_NAME) {
            throw new InputException(field + ": '" + Text.printable(name) + "' is " + name.length()
                    + " characters; use at most " + MAX_NAME + " so the derived names (<name>-<env>, <name>-nginx) stay within 63");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new InputException(field + ": '" + Text.printable(name)
                    + "' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return name;
    }

    static String codePath(String field, String path) {
        if (!path.startsWith("/")) {
            throw new InputException(field + ": '" + Text.printable(path) + "' is relative; give the absolute path of the code in the image, e.g. /var/www/html");
        }
        if (path.replaceAll("/+$", "").isEmpty()) {
            throw new InputException(field + ": '/' would copy the whole image; give the folder that holds the code, e.g. /var/www/html");
        }
        return absolutePath(field, path);
    }

    /** A plain absolute path: no '.', '..' or empty segments, no characters a config file would need quoted. */
    static String absolutePath(String field, String path) {
        String clean = path.replaceAll("/+$", "");
        if (clean.isEmpty()) {
            throw new InputException(field + ": '/' is the whole image; give a folder, e.g. /var/www/html/data");
        }
        for (String segment : clean.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !PATH_SEGMENT.matcher(segment).matches()) {
                throw new InputException(field + ": '" + Text.printable(path)
                        + "' is not a plain absolute path; use letters, digits, '.', '_' and '-' between single slashes, without '.' or '..' segments");
            }
        }
        return clean;
    }

    static String docroot(String field, String docroot) {
        if (docroot.startsWith("/")) {
            throw new InputException(field + ": '" + Text.printable(docroot) + "' is absolute; give it relative to --code-path, e.g. public (or . for the code path itself)");
        }
        return relativePath(field, docroot, "public");
    }

    /** A plain path relative to the code path ({@code .} for the code path itself), that stays inside it. */
    static String relativePath(String field, String docroot, String example) {
        String clean = docroot.replaceAll("/+$", "").replaceAll("^(\\./)+", "");
        if (clean.isEmpty() || clean.equals(".")) {
            return ".";
        }
        for (String segment : clean.split("/", -1)) {
            if (segment.equals("..")) {
                throw new InputException(field + ": '" + Text.printable(docroot) + "' escapes the code path; give a folder inside it, e.g. " + example);
            }
            if (segment.isEmpty() || segment.equals(".") || !PATH_SEGMENT.matcher(segment).matches()) {
                throw new InputException(field + ": '" + Text.printable(docroot)
                        + "' is not a plain relative path; use letters, digits, '.', '_' and '-' between single slashes, e.g. " + example);
            }
        }
        return clean;
    }

    static Environment environment(String project, EnvInput e) {
        String n = e.name();
        if (n == null || n.isEmpty()) {
            throw new InputException(e.field() + ": empty environment name; use names such as dev,staging,prod");
        }
        if (n.length() > MAX_ENV || !DNS_LABEL.matcher(n).matches()) {
            throw new InputException(e.field() + ": '" + Text.printable(n) + "' is not a valid environment name; use a DNS-1123 label of at most "
                    + MAX_ENV + " characters (lowercase letters, digits, '-'), e.g. staging");
        }
        if (RESERVED_ENVIRONMENTS.contains(n)) {
            throw new InputException(e.field() + ": '" + n + "' names a folder of phpod's Kustomize layout (base, components, overlays); choose another environment name");
        }
        Environment d = Environment.defaults(project, n);
        String namespace = e.namespace() == null ? d.namespace() : e.namespace();
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new InputException(e.field() + ".namespace: '" + Text.printable(namespace) + "' is not a valid namespace; use a DNS-1123 label of at most 63 characters");
        }
        if (namespace.startsWith("kube-")) {
            throw new InputException(e.field() + ".namespace: " + namespace + " is reserved for Kubernetes' own components; use a namespace of the app, e.g. "
                    + project + "-" + n);
        }
        int replicas = e.replicas() == null ? d.replicas() : e.replicas();
        if (replicas < 1 || replicas > 1000) {
            throw new InputException(e.field() + ".replicas: " + replicas + " is out of range; use a number from 1 to 1000");
        }
        Size size = d.size();
        if (e.size() != null) {
            size = java.util.Arrays.stream(Size.values()).filter(s -> s.id().equals(e.size())).findFirst()
                    .orElseThrow(() -> new InputException(e.field() + ".size: '" + Text.printable(e.size()) + "' is not a size; use small, medium or large"));
        }
        boolean autoscaling = e.autoscaling() == null ? d.autoscaling() : e.autoscaling();
        boolean budget = e.disruptionBudget() == null ? Environment.disruptionBudgetByDefault(replicas, autoscaling) : e.disruptionBudget();
        String host = e.host() == null ? null : host(e.field() + ".host", e.host());
        String tls = e.tls() == null ? null : objectName(e.field() + ".tls", e.tls(), project + "-tls");
        if (tls != null && host == null) {
            throw new InputException(e.field() + ".tls: a certificate needs the host it is for; add host, e.g. host: " + project + ".example.com");
        }
        String storageClass = e.storageClass() == null ? null : objectName(e.field() + ".storageClass", e.storageClass(), "standard");
        java.util.Map<String, String> claims = new java.util.LinkedHashMap<>();
        if (e.existingClaims() != null) {
            e.existingClaims().forEach((path, claim) -> claims.put(path,
                    objectName(e.field() + ".existingClaims." + Text.printable(path), claim, project + "-" + path)));
        }
        Environment.Gateway gateway = null;
        if (e.gateway() != null) {
            for (String key : e.gateway().keySet()) {
                if (!key.equals("name") && !key.equals("namespace")) {
                    throw new InputException(e.field() + ".gateway." + Text.printable(key) + ": unknown key; a gateway has name and namespace");
                }
            }
            String gw = objectName(e.field() + ".gateway.name", e.gateway().get("name"), "shared-gateway");
            String gwNamespace = e.gateway().get("namespace");
            if (gwNamespace != null && (gwNamespace.length() > 63 || !DNS_LABEL.matcher(gwNamespace).matches())) {
                throw new InputException(e.field() + ".gateway.namespace: '" + Text.printable(gwNamespace) + "' is not a valid namespace; use a DNS-1123 label, e.g. gateways");
            }
            if (tls != null) {
                throw new InputException(e.field() + ".tls: with a gateway, TLS is the Gateway listener's (its certificateRefs); drop tls, or the gateway for an Ingress");
            }
            gateway = new Environment.Gateway(gw, gwNamespace);
        }
        if (e.codeSource() != null && !e.codeSource().equals("copy") && !e.codeSource().equals("image")) {
            throw new InputException(e.field() + ".codeSource: '" + Text.printable(e.codeSource())
                    + "' is not a code source; use copy (an init container copies the code, every cluster) or image (an image volume, Kubernetes 1.33+)");
        }
        String accessMode = e.accessMode();
        if (accessMode != null && !accessMode.equals("ReadWriteOnce") && !accessMode.equals("ReadWriteMany")) {
            throw new InputException(e.field() + ".accessMode: '" + Text.printable(accessMode)
                    + "' is not an access mode phpod's claims take; use ReadWriteMany, or ReadWriteOnce on a one-node cluster");
        }
        if ("ReadWriteOnce".equals(accessMode) && (replicas > 1 || autoscaling)) {
            throw new InputException(e.field() + ".accessMode: ReadWriteOnce with " + (autoscaling ? "autoscaling" : replicas + " replicas")
                    + ": a web pod on another node could not attach the claims; use ReadWriteMany (the default), or replicas: 1 without autoscaling");
        }
        return new Environment(n, namespace, replicas, autoscaling,
                e.networkPolicy() == null ? d.networkPolicy() : e.networkPolicy(), size, budget, host, tls, storageClass, claims, gateway, accessMode,
                Boolean.TRUE.equals(e.monitoring()), autoscaling && "busyWorkers".equals(e.scaleOn()), "image".equals(e.codeSource()));
    }
}
