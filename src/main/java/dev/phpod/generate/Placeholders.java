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
    /** The tokens, longest first: where two start at the same place, the longest wins. */
    private final List<String> tokens;

    private Placeholders(Map<String, String> values) {
        this.values = values;
        tokens = values.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList();
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
        int[] next = new int[tokens.size()];
        for (int t = 0; t < next.length; t++) {
            next[t] = text.indexOf(tokens.get(t));
        }
        StringBuilder b = null;
        int copied = 0;
        while (true) {
            int first = -1;
            for (int t = 0; t < next.length; t++) {
                if (next[t] >= 0 && (first < 0 || next[t] < next[first])) {
                    first = t;
                }
            }
            if (first < 0) {
                break;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 64);
            }
            String token = tokens.get(first);
            int at = next[first];
            b.append(text, copied, at).append(values.get(token));
            copied = at + token.length();
            for (int t = 0; t < next.length; t++) {
                if (next[t] >= 0 && next[t] < copied) {
                    next[t] = text.indexOf(tokens.get(t), copied);
                }
            }
        }
        return b == null ? text : b.append(text, copied, text.length()).toString();
    }
}
