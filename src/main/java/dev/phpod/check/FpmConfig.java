package dev.phpod.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** php-fpm pools read from its INI-style configuration: [name] sections, key = value lines. */
public final class FpmConfig {

    /**
     * One pool: its name, where it listens, its process manager and size.
     *
     * @param memoryLimit the pool's own memory_limit ({@code php_admin_value} or {@code php_value}), or null
     * @param runsScripts whether its workers run PHP scripts: false for a pool whose
     *                    {@code security.limit_extensions} names no PHP extension (a probe pool that only pings)
     */
    public record Pool(String name, String listen, String pm, OptionalInt maxChildren, String memoryLimit, boolean runsScripts) {
    }

    /**
     * The pool of the php-fpm images when no configuration is given: [www] with {@code pm = dynamic}
     * and {@code pm.max_children = 5} (www.conf), listening on 9000, every address (zz-docker.conf,
     * read after www.conf, replaces its 127.0.0.1:9000). A mounted [www] without listen keeps it.
     */
    public static final Pool IMAGE_DEFAULT = new Pool("www", "9000", "dynamic", OptionalInt.of(5), null, true);

    private final List<Pool> pools;

    private FpmConfig(List<Pool> pools) {
        this.pools = pools;
    }

    public List<Pool> pools() {
        return pools;
    }

    private static final Pattern FPM_LIKE = Pattern.compile("(?m)^\\s*(pm(\\.max_children)?|listen)\\s*=");

    public static boolean looksLikeFpm(String text) {
        return FPM_LIKE.matcher(text).find();
    }

    /** A value's {@code ${NAME}} references, from php-fpm's environment; null when one is not in it. */
    private static String expand(String value, Map<String, String> env) {
        java.util.regex.Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

    /**
     * The pools of these configuration texts; {@code ${NAME}} in a value is read from {@code env}
     * (php-fpm expands its environment there), and a value naming a variable not in it is unknown.
     */
    public static FpmConfig parse(List<String> texts, Map<String, String> env) {
        // php-fpm reads its include files in turn and a section named again continues that pool, so
        // the sections of every text merge by name, the later keys winning (the images' zz-docker.conf
        // sets listen = 9000 on [www] that way).
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (String t : texts) {
            Map<String, String> keys = null;
            for (String raw : t.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    String section = line.substring(1, line.length() - 1).strip();
                    keys = section.equalsIgnoreCase("global") ? null : sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq > 0 && keys != null) {
                    keys.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
                }
            }
        }
        List<Pool> out = new ArrayList<>();
        sections.forEach((name, keys) -> {
            if (!keys.containsKey("listen") && name.equals(IMAGE_DEFAULT.name())) {
                // A [www] that overrides some settings only: the image's own www pool, its listen kept.
                keys.put("listen", IMAGE_DEFAULT.listen());
            }
            if (keys.containsKey("listen")) {
                out.add(pool(name, keys, env));
            }
        });
        return new FpmConfig(out);
    }

    private static Pool pool(String name, Map<String, String> keys, Map<String, String> env) {
        OptionalInt max = OptionalInt.empty();
        String children = expand(keys.getOrDefault("pm.max_children", "5"), env);
        try {
            max = children == null ? max : OptionalInt.of(Integer.parseInt(children.strip()));
        } catch (NumberFormatException e) {
            // not a number: unknown
        }
        String memory = keys.getOrDefault("php_admin_value[memory_limit]", keys.get("php_value[memory_limit]"));
        String extensions = keys.getOrDefault("security.limit_extensions", ".php");
        boolean scripts = java.util.Arrays.stream(extensions.split("\\s+")).anyMatch(e -> e.matches("\\.(php[0-9]*|phar|phtml)"));
        return new Pool(name, keys.get("listen"), keys.getOrDefault("pm", "dynamic"), max,
                memory == null ? null : expand(memory, env), scripts);
    }
}
