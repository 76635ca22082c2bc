package dev.phpod.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts made from the {@link Rule} registry: the README's rule sections (Markdown), what
 * {@code phpod check --explain} prints, and the help SARIF carries inline (phpod has no public docs
 * URL, so no {@code helpUri}).
 */
public final class RuleDocs {
    /** Where the generated rule sections start and end in the README. */
    public static final String BEGIN = "<!-- rules: generated from src/main/java/dev/phpod/check/Rule.java by RuleDocsTest;"
            + " refresh: ./mvnw -o test -Dtest=RuleDocsTest -Dphpod.refresh=true -->";
    public static final String END = "<!-- rules: end -->";

    private RuleDocs() {
    }

    /** One README section: heading, level and title, why, fix, example. */
    public static String markdown(Rule r) {
        StringBuilder b = new StringBuilder();
        b.append("#### `").append(r.id).append("`\n\n");
        b.append("*").append(r.level.label()).append("*: ").append(r.title).append(".\n\n");
        b.append(r.why).append("\n\n");
        b.append("Fix: ").append(r.fix).append("\n");
        if (r.example != null) {
            b.append("\n```").append(r.example.language()).append('\n').append(r.example.text()).append("\n```\n");
        }
        return b.toString();
    }

    /** Every section, in the registry's order, between {@link #BEGIN} and {@link #END}. */
    public static String readme() {
        List<String> sections = new ArrayList<>();
        for (Rule r : Rule.values()) {
            sections.add(markdown(r));
        }
        return BEGIN + "\n\n" + String.join("\n", sections) + "\n" + END;
    }

    /** What --explain prints: plain text for a terminal. */
    public static String explain(Rule r) {
        StringBuilder b = new StringBuilder();
        b.append(r.id).append(" (").append(r.level.label()).append("): ").append(r.title).append('\n');
        b.append('\n').append(r.why).append('\n');
        b.append("\nFix: ").append(r.fix).append('\n');
        if (r.example != null) {
            b.append("\nExample:\n").append(r.example.text().indent(4).stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** SARIF's rule help: the same as --explain, without the heading SARIF shows itself. */
    public static String helpText(Rule r) {
        return r.why + "\n\nFix: " + r.fix + (r.example == null ? "" : "\n\nExample:\n" + r.example.text());
    }

    public static String helpMarkdown(Rule r) {
        String md = markdown(r);
        return md.substring(md.indexOf('\n') + 2);
    }
}
