package dev.phpod.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** The tokens, longest first: at each place the longest token there wins. */
    private final List<String> tokens;
    /** The characters a token starts with, to pass over the rest of a text quickly. */
    private final String starts;

    private Placeholders(Map<String, String> values) {
        this.values = values;
        tokens = values.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList();
        StringBuilder first = new StringBuilder();
        tokens.forEach(t -> first.append(t.charAt(0)));
        starts = first.toString();
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

    /** The text with every token replaced in one left-to-right pass, so a replacement is never replaced again. */
    public String apply(String text) {
        StringBuilder b = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            if (starts.indexOf(text.charAt(i)) < 0) {
                continue;
            }
            for (String token : tokens) {
                if (text.startsWith(token, i)) {
                    if (b == null) {
                        b = new StringBuilder(text.length() + 64);
                    }
                    b.append(text, copied, i).append(values.get(token));
                    i += token.length() - 1;
                    copied = i + 1;
                    break;
                }
            }
        }
        return b == null ? text : b.append(text, copied, text.length()).toString();
    }
}
