package dev.phpod.project;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code phpod.yaml}, the project descriptor, safely: plain YAML types only, limits on
 * aliases, nesting and size, duplicate keys refused, unknown keys refused with a suggestion,
 * wrong types named with their path.
 */
public final class Descriptor {

    public static final String FILE_NAME = "phpod.yaml";
    static final int MAX_BYTES = 64 * 1024;

    private static final Set<String> TOP_KEYS = Set.of("phpod", "name", "image", "codePath", "docroot", "preset", "writablePaths",
            "deniedPaths", "deniedExtensions", "environments", "envFrom", "processes", "schedules", "release");
    private static final Set<String> PROCESS_KEYS = Set.of("name", "command", "replicas", "stopSeconds");
    private static final Set<String> SCHEDULE_KEYS = Set.of("name", "schedule", "command", "deadlineSeconds");
    private static final Set<String> RELEASE_KEYS = Set.of("command", "deadlineSeconds");
    private static final Set<String> WRITABLE_KEYS = Set.of("name", "path", "sizeLimit", "seed", "urlPath", "frontController", "persistent", "size");
    private static final Set<String> ENV_FROM_KEYS = Set.of("secret", "configMap");
    private static final Set<String> ENV_KEYS = Set.of("name", "namespace", "replicas", "autoscaling", "networkPolicy", "size", "disruptionBudget", "host", "tls",
            "storageClass", "existingClaims", "gateway", "accessMode", "monitoring", "codeSource");

    private Descriptor() {
    }

    /** A descriptor as read: the project it describes, and the user's text, which phpod keeps as written. */
    public record Loaded(Project project, String text) {
    }

    public static Project read(Path file, String phpodVersion) {
        return load(file, phpodVersion).project();
    }

    public static Loaded load(Path file, String phpodVersion) {
        byte[] bytes = SmallFile.read(file, MAX_BYTES, Files.exists(file) && Files.isRegularFile(file)
                ? "a descriptor is a few lines, check the file" : "give the path of a phpod.yaml (phpod init writes one)");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(file + ": not UTF-8 text; save the descriptor as UTF-8");
        }
        return new Loaded(parse(file.toString(), text, phpodVersion), text);
    }

    private static final java.util.regex.Pattern VERSION_LINE = java.util.regex.Pattern.compile(
            "(?m)^phpod:([ \\t]+)([\"']?)([0-9][0-9A-Za-z.+-]*)\\2([ \\t]*(?:#.*)?)$");

    /**
     * The descriptor's text naming the running phpod on its {@code phpod:} line when it names an
     * older one; every other byte as the user wrote it. The same text when it names this version
     * (qualifiers aside) or the line is not a plain {@code phpod: VERSION}.
     */
    public static String withVersion(String text, String running) {
        java.util.regex.Matcher m = VERSION_LINE.matcher(text);
        if (!m.find()) {
            return text;
        }
        int[] written = version(m.group(3));
        int[] now = version(running);
        if (written == null || now == null || java.util.Arrays.compare(written, now) >= 0) {
            return text;
        }
        return text.substring(0, m.start(3)) + running + text.substring(m.end(3));
    }

    /**
     * Refuses a descriptor written by a newer phpod (its keys may mean more than this one knows) or
     * with a version that is not one. Qualifiers (-SNAPSHOT) are not compared.
     */
    static void checkVersion(String source, String written, String running) {
        int[] w = version(written);
        if (w == null) {
            throw new InputException(source + ": phpod: '" + Text.printable(written) + "' is not a phpod version; write the version that made the file, e.g. '"
                    + running + "'");
        }
        int[] r = version(running);
        if (r != null && java.util.Arrays.compare(w, r) > 0) {
            throw new InputException(source + ": written by phpod " + written + ", newer than this phpod " + running + "; upgrade phpod to "
                    + written + " or later");
        }
    }

    private static int[] version(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})([-+][0-9A-Za-z.-]{1,40})?").matcher(v);
        return m.matches() ? new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)) } : null;
    }

    public static Project parse(String source, String text, String phpodVersion) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InputException(source + ":" + line + ": " + oneLine(problem) + "; fix the YAML at that line");
        } catch (YAMLException e) {
            throw new InputException(source + ": " + oneLine(e.getMessage()) + "; fix the YAML");
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw new InputException(source + ": expected a mapping with name, image, environments ...; see 'phpod init --help'");
        }
        Map<String, Object> map = keys(source, "", top, TOP_KEYS);
        String phpod = string(source, "phpod", map.get("phpod"));
        if (phpod == null) {
            throw new InputException(source + ": phpod: missing; the first line of a descriptor names the phpod version that wrote it, e.g. 'phpod: " + phpodVersion + "'");
        }
        checkVersion(source, phpod, phpodVersion);
        List<ProjectValidator.EnvInput> envs = new ArrayList<>();
        Object envList = map.get("environments");
        if (envList != null) {
            if (!(envList instanceof List<?> list)) {
                throw new InputException(source + ": environments: expected a list of {name: ...} entries");
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "environments[" + i + "]";
                Object item = list.get(i);
                if (item instanceof String s) {
                    envs.add(ProjectValidator.EnvInput.named(path, s));
                    continue;
                }
                if (!(item instanceof Map<?, ?> m)) {
                    throw new InputException(source + ": " + path + ": expected a mapping such as {name: dev, replicas: 1}");
                }
                Map<String, Object> e = keys(source, path + ".", m, ENV_KEYS);
                envs.add(new ProjectValidator.EnvInput(path, string(source, path + ".name", e.get("name")),
                        string(source, path + ".namespace", e.get("namespace")),
                        integer(source, path + ".replicas", e.get("replicas")),
                        autoscaling(source, path + ".autoscaling", e.get("autoscaling")),
                        bool(source, path + ".networkPolicy", e.get("networkPolicy")),
                        string(source, path + ".size", e.get("size")), bool(source, path + ".disruptionBudget", e.get("disruptionBudget")),
                        string(source, path + ".host", e.get("host")), string(source, path + ".tls", e.get("tls")),
                        string(source, path + ".storageClass", e.get("storageClass")),
                        textMap(source, path + ".existingClaims", e.get("existingClaims"), "{uploads: shop-uploads}"),
                        textMap(source, path + ".gateway", e.get("gateway"), "{name: shared-gateway, namespace: gateways}"),
                        string(source, path + ".accessMode", e.get("accessMode")),
                        bool(source, path + ".monitoring", e.get("monitoring")),
                        e.get("autoscaling") instanceof String s ? s : null,
                        string(source, path + ".codeSource", e.get("codeSource"))));
            }
        }
        List<ProjectValidator.WritableInput> writable = null;
        if (map.containsKey("writablePaths")) {
            writable = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> e : mappings(source, "writablePaths", map.get("writablePaths"), WRITABLE_KEYS,
                    "{name: uploads, path: public/uploads}").entrySet()) {
                String path = e.getKey();
                Map<String, Object> w = e.getValue();
                writable.add(new ProjectValidator.WritableInput(path, string(source, path + ".name", w.get("name")),
                        string(source, path + ".path", w.get("path")), string(source, path + ".sizeLimit", w.get("sizeLimit")),
                        bool(source, path + ".seed", w.get("seed")), string(source, path + ".urlPath", w.get("urlPath")),
                        bool(source, path + ".frontController", w.get("frontController")),
                        bool(source, path + ".persistent", w.get("persistent")), string(source, path + ".size", w.get("size"))));
            }
        }
        List<ProjectValidator.EnvFromInput> envFrom = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : mappings(source, "envFrom", map.get("envFrom"), ENV_FROM_KEYS,
                "{secret: shop-env}").entrySet()) {
            envFrom.add(new ProjectValidator.EnvFromInput(e.getKey(), string(source, e.getKey() + ".secret", e.getValue().get("secret")),
                    string(source, e.getKey() + ".configMap", e.getValue().get("configMap"))));
        }
        List<ProjectValidator.ProcessInput> processes = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : mappings(source, "processes", map.get("processes"), PROCESS_KEYS,
                "{name: queue, command: [php, artisan, queue:work]}").entrySet()) {
            String path = e.getKey();
            Map<String, Object> m = e.getValue();
            processes.add(new ProjectValidator.ProcessInput(path, string(source, path + ".name", m.get("name")),
                    command(source, path + ".command", m.get("command")), integer(source, path + ".replicas", m.get("replicas")),
                    integer(source, path + ".stopSeconds", m.get("stopSeconds"))));
        }
        List<ProjectValidator.ScheduleInput> schedules = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : mappings(source, "schedules", map.get("schedules"), SCHEDULE_KEYS,
                "{name: scheduler, schedule: \"* * * * *\", command: [php, artisan, schedule:run]}").entrySet()) {
            String path = e.getKey();
            Map<String, Object> m = e.getValue();
            schedules.add(new ProjectValidator.ScheduleInput(path, string(source, path + ".name", m.get("name")),
                    string(source, path + ".schedule", m.get("schedule")), command(source, path + ".command", m.get("command")),
                    integer(source, path + ".deadlineSeconds", m.get("deadlineSeconds"))));
        }
        ProjectValidator.ReleaseInput release = null;
        if (map.get("release") != null) {
            if (!(map.get("release") instanceof Map<?, ?> r)) {
                throw new InputException(source + ": release: expected a mapping such as {command: [php, artisan, migrate, --force]}, found "
                        + typeName(map.get("release")));
            }
            Map<String, Object> m = keys(source, "release.", r, RELEASE_KEYS);
            release = new ProjectValidator.ReleaseInput("release", command(source, "release.command", m.get("command")),
                    integer(source, "release.deadlineSeconds", m.get("deadlineSeconds")));
        }
        ProjectValidator.LayoutInput layout = new ProjectValidator.LayoutInput(writable,
                strings(source, "deniedPaths", map), strings(source, "deniedExtensions", map));
        ProjectValidator.Input input = new ProjectValidator.Input(
                string(source, "name", map.get("name")), string(source, "image", map.get("image")),
                string(source, "codePath", map.get("codePath")), string(source, "docroot", map.get("docroot")),
                string(source, "preset", map.get("preset")), layout, envs, envFrom, processes, schedules, release);
        try {
            return ProjectValidator.validate(phpodVersion, input, ProjectValidator.Fields.DESCRIPTOR);
        } catch (InputException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> keys(String source, String prefix, Map<?, ?> map, Set<String> allowed) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InputException(source + ": " + prefix + e.getKey() + ": keys must be text");
            }
            if (!allowed.contains(key)) {
                String hint = Suggest.closest(key, allowed).map(s -> "did you mean '" + s + "'?").orElse("known keys: " + String.join(", ", allowed.stream().sorted().toList()));
                throw new InputException(source + ": " + prefix + Text.printable(key) + ": unknown key; " + hint);
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    /** A list of mappings with known keys, by their path in the descriptor (key[i]); null when absent. */
    private static Map<String, Map<String, Object>> mappings(String source, String key, Object v, Set<String> allowed, String example) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> list)) {
            throw new InputException(source + ": " + key + ": expected a list of mappings such as " + example + ", found " + typeName(v));
        }
        for (int i = 0; i < list.size(); i++) {
            String path = key + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new InputException(source + ": " + path + ": expected a mapping such as " + example + ", found " + typeName(list.get(i)));
            }
            out.put(path, keys(source, path + ".", m, allowed));
        }
        return out;
    }

    /** A list of text items, or null when the key is absent (the preset's then). */
    private static List<String> strings(String source, String key, Map<String, Object> map) {
        if (!map.containsKey(key)) {
            return null;
        }
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new InputException(source + ": " + key + ": expected a list such as [a, b], found " + typeName(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(string(source, key + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** A command: a list of text items (the program and its arguments); null when absent. */
    private static List<String> command(String source, String path, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new InputException(source + ": " + path + ": expected a list such as [php, artisan, queue:work], found " + typeName(v)
                    + "; give the program and each argument as an item (no shell)");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(string(source, path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** A mapping of text to text, such as {uploads: shop-uploads}; null when absent. */
    private static Map<String, String> textMap(String source, String path, Object v, String example) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InputException(source + ": " + path + ": expected a mapping such as " + example + ", found " + typeName(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InputException(source + ": " + path + "." + e.getKey() + ": keys must be text");
            }
            out.put(key, string(source, path + "." + Text.printable(key), e.getValue()));
        }
        return out;
    }

    private static String string(String source, String path, Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new InputException(source + ": " + path + ": expected text, found " + typeName(v) + "; quote the value");
    }

    private static Integer integer(String source, String path, Object v) {
        if (v == null || v instanceof Integer) {
            return (Integer) v;
        }
        throw new InputException(source + ": " + path + ": expected an integer, found " + typeName(v));
    }

    /** autoscaling: true or false (on CPU), or what it scales on: cpu or busyWorkers (php-fpm's active processes). */
    private static Boolean autoscaling(String source, String path, Object v) {
        if (v instanceof String s && (s.equals("cpu") || s.equals("busyWorkers"))) {
            return true;
        }
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new InputException(source + ": " + path + ": expected true, false, cpu or busyWorkers, found " + typeName(v));
    }

    private static Boolean bool(String source, String path, Object v) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new InputException(source + ": " + path + ": expected true or false, found " + typeName(v));
    }

    private static String typeName(Object v) {
        if (v instanceof String s) {
            return "text '" + Text.printable(s) + "'";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean || v instanceof Number) {
            return "'" + v + "'";
        }
        return "a " + v.getClass().getSimpleName().toLowerCase();
    }

    private static String oneLine(String s) {
        return s == null ? "invalid YAML" : s.replaceAll("\\s+", " ").trim();
    }
}
