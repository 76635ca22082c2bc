package dev.phpod.generate;

import io.quarkus.qute.TemplateExtension;

/** Template extensions that keep generated YAML valid whatever the input holds. */
@TemplateExtension
public final class YamlText {
    private YamlText() {
    }

    /** A double-quoted YAML scalar: quotes, backslashes and control characters escaped. */
    public static String yaml(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static final java.util.regex.Pattern IMPLICIT = java.util.regex.Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
                    + "|[0-9]+(:[0-5]?[0-9])+(\\.[0-9_]*)?|(?i:y|n|yes|no|on|off|true|false|null)|~|");

    /**
     * A scalar as Go's YAML encoder (kustomize's) writes it: plain, unless plain text would read as
     * another type (a number, a boolean, null) or holds characters plain text cannot. For values
     * already checked to be plain-safe (image tags, names); anything else is quoted.
     */
    public static String yamlPlain(String s) {
        if (IMPLICIT.matcher(s).matches() || !s.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            return yaml(s);
        }
        return s;
    }
}
