package dev.phpod.generate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.phpod.project.Project;

/**
 * The skeletons' placeholder vocabulary, in one place: each value the chart skeleton and the
 * Kustomize skeleton carry for a project's own (its name, image, code path and docroot), and the
 * one substitution that puts the project's values into every file of both trees. The tokens are
 * distinctive enough to appear nowhere else; a test walks every generated file for leftovers.
 */
public final class Placeholders {
    /** The app and chart name. */
    public static final String NAME = "phpod-app";
    /** The app image's repository. */
    public static final String REPOSITORY = "example/php-app";
    /** The app image, with the skeleton's tag. */
    public static final String IMAGE = REPOSITORY + ":latest";
    /** The code path in the image. */
    public static final String CODE_PATH = "/var/www/html";
    /** The docroot, as an absolute path. */
    public static final String DOCROOT_PATH = CODE_PATH + "/public";

    private final Map<String, String> values;
    private final Pattern any;

    private Placeholders(Map<String, String> values) {
        this.values = values;
        // Longest first, replaced in one pass, so a replacement is never replaced again.
        any = Pattern.compile(String.join("|", values.keySet().stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote).toList()));
    }

    public static Placeholders of(Project project) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(IMAGE, project.image().repository() + ":" + project.image().tag());
        values.put(REPOSITORY, project.image().repository());
        values.put(DOCROOT_PATH, project.docrootPath());
        values.put(CODE_PATH, project.codePath());
        values.put(NAME, project.name());
        return new Placeholders(values);
    }

    /** These placeholders and further tokens (a tree's own), replaced in the same single pass. */
    public Placeholders with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(values);
        return new Placeholders(all);
    }

    public String apply(String text) {
        Matcher m = any.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(values.get(m.group())));
        }
        m.appendTail(b);
        return b.toString();
    }
}
