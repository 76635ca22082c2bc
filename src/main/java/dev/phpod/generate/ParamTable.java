package dev.phpod.generate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart README's parameter table, made from the {@code ## @param key Description} and
 * {@code ## @section Title} comments of values.yaml (the Bitnami readme-generator convention), with
 * each default read from the value line that follows the comment.
 */
public final class ParamTable {
    public static final String START = "<!-- phpod:params:start (generated from values.yaml; do not edit) -->";
    public static final String END = "<!-- phpod:params:end -->";

    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");
    private static final Pattern SECTION = Pattern.compile("^\\s*## @section (.+)$");
    private static final Pattern VALUE = Pattern.compile("^\\s*[A-Za-z0-9_-]+:\\s*(.*)$");

    private ParamTable() {
    }

    public static String render(String valuesYaml) {
        StringBuilder b = new StringBuilder();
        String[] lines = valuesYaml.split("\n");
        boolean open = false;
        for (int i = 0; i < lines.length; i++) {
            Matcher s = SECTION.matcher(lines[i]);
            if (s.matches()) {
                b.append(open ? "\n" : "").append("### ").append(s.group(1).strip()).append("\n\n");
                b.append("| Name | Description | Default |\n| --- | --- | --- |\n");
                open = true;
                continue;
            }
            Matcher p = PARAM.matcher(lines[i]);
            if (p.matches()) {
                if (!open) {
                    throw new IllegalStateException("values.yaml: @param " + p.group(1) + " comes before any @section");
                }
                b.append("| `").append(p.group(1)).append("` | ").append(cell(p.group(2))).append(" | ")
                        .append(defaultOf(lines, i)).append(" |\n");
            }
        }
        return b.toString();
    }

    /** The README with its table section replaced by a fresh table. */
    public static String replaceIn(String readme, String valuesYaml) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md lacks the parameter table markers");
        }
        return readme.substring(0, start + START.length()) + "\n\n" + render(valuesYaml) + "\n" + readme.substring(end);
    }

    private static String defaultOf(String[] lines, int paramLine) {
        for (int j = paramLine + 1; j < lines.length; j++) {
            String l = lines[j];
            if (l.strip().startsWith("#")) {
                continue;
            }
            Matcher v = VALUE.matcher(l);
            if (!v.matches()) {
                break;
            }
            String value = v.group(1).strip();
            return value.isEmpty() ? "(see values.yaml)" : "`" + value.replace("|", "\\|") + "`";
        }
        return "";
    }

    private static String cell(String s) {
        return s.strip().replace("|", "\\|");
    }
}
