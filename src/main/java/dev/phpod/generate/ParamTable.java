package dev.phpod.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart README's parameter tables, made from the {@code ## @param key [modifiers] Description}
 * and {@code ## @section Title} comments of values.yaml exactly as Bitnami's readme-generator for
 * Helm makes them (one table per section, columns padded, each value as the YAML parser reads it,
 * {@code [object]} / {@code [array]} / {@code [string]} / {@code [default: x]} as it applies them),
 * so that running that tool on the README changes nothing. The Parameters section is the README's
 * last: everything after its heading is the tables.
 */
public final class ParamTable {
    /** The README's heading of the section the tables fill (the tool finds it by this title). */
    public static final String HEADING = "## Parameters";

    private static final Pattern PARAM = Pattern.compile("^\\s*##\\s*@param\\s*(\\S+)\\s*(\\[.*?\\])?\\s*(.*)$");
    private static final Pattern SECTION = Pattern.compile("^\\s*##\\s*@section\\s*(.*)$");

    private ParamTable() {
    }

    private record Row(String name, String description, String value) {
    }

    public static String render(String valuesYaml) {
        Object values = new Yaml(new SafeConstructor(new LoaderOptions())).load(valuesYaml);
        StringBuilder b = new StringBuilder();
        String section = null;
        List<Row> rows = new ArrayList<>();
        for (String line : valuesYaml.lines().toList()) {
            if (!line.contains("##")) {
                continue; // neither a @section nor a @param comment: most lines skip both patterns
            }
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                flush(b, section, rows);
                section = s.group(1);
                rows = new ArrayList<>();
                continue;
            }
            Matcher p = PARAM.matcher(line);
            if (p.matches()) {
                if (section == null) {
                    throw new IllegalStateException("values.yaml: @param " + p.group(1) + " comes before any @section");
                }
                rows.add(new Row(p.group(1), p.group(3), value(values, p.group(1), p.group(2))));
            }
        }
        flush(b, section, rows);
        return b.toString();
    }

    /** The README with everything after the Parameters heading replaced by fresh tables. */
    public static String replaceIn(String readme, String valuesYaml) {
        int heading = readme.indexOf("\n" + HEADING + "\n");
        if (heading < 0) {
            throw new IllegalStateException("README.md lacks its '" + HEADING + "' section");
        }
        return readme.substring(0, heading + HEADING.length() + 2) + render(valuesYaml);
    }

    private static void flush(StringBuilder b, String section, List<Row> rows) {
        if (section == null) {
            return;
        }
        b.append("\n### ").append(section).append("\n\n");
        if (rows.isEmpty()) {
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] { "Name", "Description", "Value" });
        for (Row r : rows) {
            cells.add(new String[] { "`" + r.name() + "`", r.description(), "`" + r.value() + "`" });
        }
        int[] width = { 3, 3, 3 };
        for (String[] row : cells) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        line(b, cells.get(0), width);
        line(b, new String[] { "-".repeat(width[0]), "-".repeat(width[1]), "-".repeat(width[2]) }, width);
        for (String[] row : cells.subList(1, cells.size())) {
            line(b, row, width);
        }
    }

    private static void line(StringBuilder b, String[] row, int[] width) {
        b.append("|");
        for (int i = 0; i < 3; i++) {
            b.append(' ').append(row[i]).append(" ".repeat(width[i] - row[i].length())).append(" |");
        }
        b.append('\n');
    }

    /** The value the tool shows: the modifiers' (the last one wins), else the value as parsed, as JavaScript prints it. */
    private static String value(Object values, String key, String modifiers) {
        String shown = null;
        if (modifiers != null) {
            String[] list = modifiers.substring(1, modifiers.length() - 1).split(",");
            boolean nullableLast = list[list.length - 1].strip().equals("nullable");
            for (String m : list) {
                m = m.strip();
                if (m.isEmpty()) {
                    continue;
                }
                switch (m) {
                    case "array" -> shown = nullableLast ? shown : "[]";
                    case "object" -> shown = nullableLast ? shown : "{}";
                    case "string" -> shown = nullableLast ? shown : "\"\"";
                    case "nullable" -> {
                    }
                    default -> {
                        if (!m.startsWith("default:")) {
                            throw new IllegalStateException("values.yaml: @param " + key + ": unknown modifier " + m);
                        }
                        shown = m.substring("default:".length()).strip();
                    }
                }
            }
        }
        if (shown != null) {
            return shown;
        }
        Object v = lookup(values, key);
        if (v instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (v instanceof Map<?, ?> m) {
            if (!m.isEmpty()) {
                throw new IllegalStateException("values.yaml: @param " + key + " is an object with keys: mark it [object] or document its keys");
            }
            return "{}";
        }
        if (v instanceof List<?> l) {
            // A list of plain values is shown as JSON; one of mappings the tool takes apart key by key.
            if (l.stream().anyMatch(x -> x instanceof Map || x instanceof List)) {
                throw new IllegalStateException("values.yaml: @param " + key + " is a list of mappings: mark it [array]");
            }
            StringBuilder json = new StringBuilder("[");
            for (Object x : l) {
                json.append(json.length() > 1 ? "," : "").append(x instanceof String str ? jsonString(str) : String.valueOf(x));
            }
            return json.append(']').toString();
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }

    /** A string as JSON.stringify writes it. */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Object values, String key) {
        Object v = values;
        for (String part : key.split("\\.")) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(part)) {
                throw new IllegalStateException("values.yaml: @param " + key + " names no value");
            }
            v = ((Map<String, Object>) m).get(part);
        }
        return v;
    }
}
