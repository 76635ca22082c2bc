package dev.phpod.project;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an app's {@code composer.json} says about its layout, read with a JSON parser (the file is
 * JSON: {@code "laravel\/framework"} as PHP's json_encode writes it, tabs, and no YAML).
 *
 * @param doc the document, empty when the tree has none
 */
record Composer(Map<String, Object> doc) {

    static final int MAX_BYTES = 1024 * 1024;
    static final Composer NONE = new Composer(Map.of());

    /** Made the first time a tree has a composer.json: a run without one does not start Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());
    }

    /** The tree's composer.json; none when missing; a broken one is named (one line), an unreadable one noted. */
    @SuppressWarnings("unchecked")
    static Composer in(SourceTree tree, String folder) {
        String rel = folder.isEmpty() ? "composer.json" : folder + "/composer.json";
        SourceTree.Kind kind = tree.kind(rel);
        if (kind == SourceTree.Kind.NONE) {
            return NONE;
        }
        java.nio.file.Path file = tree.root().resolve(rel);
        if (kind != SourceTree.Kind.FILE) {
            throw new InputException(file + ": not a regular file; give --preset to skip detection");
        }
        byte[] bytes = SmallFile.read(file, MAX_BYTES, "give --preset to skip detection");
        try {
            Object doc = Json.MAPPER.readValue(bytes, Object.class);
            return doc instanceof Map<?, ?> m ? new Composer((Map<String, Object>) m) : NONE;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String what = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(.*|: expected .*|: was expecting .*", "");
            throw new InputException(file + ": not valid JSON" + where + " (" + Text.printable(what.length() > 80 ? what.substring(0, 80) : what)
                    + "); fix it, or give --preset to skip detection");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + "); give --preset to skip detection");
        }
    }

    boolean isEmpty() {
        return doc.isEmpty();
    }

    /**
     * Whether the app is built on this package: in require, or in replace (a framework's own
     * repository replaces its parts, Flex's flex-require). A framework in require-dev is a tool of the project, not the app.
     */
    boolean requires(String pkg) {
        // flex-require: what Symfony Flex installs when the skeleton is created (symfony/skeleton).
        return section("require").containsKey(pkg) || section("replace").containsKey(pkg) || section("flex-require").containsKey(pkg);
    }

    /** The first of these packages the app requires, or null. */
    String requiresAny(String... packages) {
        for (String p : packages) {
            if (requires(p)) {
                return p;
            }
        }
        return null;
    }

    /** A string under extra, e.g. extra.public-dir, cleaned of "./" and trailing slashes; null when unset. */
    String extra(String... keys) {
        Object at = doc.get("extra");
        for (String k : keys) {
            at = at instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return at instanceof String s ? clean(s) : null;
    }

    /** Where Composer puts the packages' commands (config.bin-dir, default vendor/bin), relative to composer.json. */
    String binDir() {
        Object dir = section("config").get("bin-dir");
        return dir instanceof String s && !s.isBlank() && !s.startsWith("/") && !s.contains("..") ? clean(s) : "vendor/bin";
    }

    /**
     * The folder composer/installers puts packages of this type in, from extra.installer-paths
     * ({@code "web/app/plugins/{$name}/": ["type:wordpress-plugin"]} gives web/app/plugins), or null.
     */
    String installerPath(String type) {
        for (Map.Entry<String, Object> e : section("extra", "installer-paths").entrySet()) {
            if (e.getValue() instanceof java.util.List<?> l && l.contains("type:" + type)) {
                String path = clean(e.getKey().replace("{$name}", ""));
                return path;
            }
        }
        return null;
    }

    private Map<String, Object> section(String... keys) {
        Object at = doc;
        for (String k : keys) {
            at = at instanceof Map<?, ?> m ? m.get(k) : null;
        }
        if (at instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    /** A relative folder as composer.json writes it ("./web/", "web//") as phpod writes it ("web"; "." for the root). */
    static String clean(String path) {
        String c = path.strip().replaceAll("/+", "/").replaceAll("^(\\./)+", "").replaceAll("/+$", "");
        return c.isEmpty() || c.equals(".") ? "." : c;
    }
}
