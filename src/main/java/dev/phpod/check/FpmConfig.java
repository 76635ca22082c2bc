package dev.phpod.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** php-fpm pools read from its INI-style configuration: [name] sections, key = value lines. */
public final class FpmConfig {

    /** One pool: its name, where it listens, its process manager and size. */
    public record Pool(String name, String listen, String pm, OptionalInt maxChildren) {
    }

    /**
     * The pool of the php-fpm images when no configuration is given: their www.conf listens on
     * 127.0.0.1:9000 with {@code pm = dynamic} and {@code pm.max_children = 5}.
     */
    public static final Pool IMAGE_DEFAULT = new Pool("www", "127.0.0.1:9000", "dynamic", OptionalInt.of(5));

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

    public static FpmConfig parse(List<String> texts) {
        List<Pool> out = new ArrayList<>();
        for (String t : texts) {
            String section = null;
            Map<String, String> keys = new LinkedHashMap<>();
            for (String raw : (t + "\n[]").split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    if (section != null && !section.equalsIgnoreCase("global") && keys.containsKey("listen")) {
                        out.add(pool(section, keys));
                    }
                    section = line.substring(1, line.length() - 1).strip();
                    keys = new LinkedHashMap<>();
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    keys.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
                }
            }
        }
        return new FpmConfig(out);
    }

    private static Pool pool(String name, Map<String, String> keys) {
        OptionalInt max = OptionalInt.empty();
        try {
            max = OptionalInt.of(Integer.parseInt(keys.getOrDefault("pm.max_children", "5")));
        } catch (NumberFormatException e) {
            // a variable such as ${FPM_CHILDREN}: unknown
        }
        return new Pool(name, keys.get("listen"), keys.getOrDefault("pm", "dynamic"), max);
    }
}
