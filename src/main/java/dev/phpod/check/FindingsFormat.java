package dev.phpod.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** How findings are printed: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
public enum FindingsFormat {
    TEXT, JSON, SARIF;

    /** What was checked, for the summary. */
    public record Scope(int workloads, int checked, int objects) {
    }

    public void print(PrintWriter out, List<Finding> findings, Scope scope, String version) {
        switch (this) {
            case TEXT -> text(out, findings, scope);
            case JSON -> json(out, findings, scope, version);
            case SARIF -> sarif(out, findings, version);
        }
        out.flush();
    }

    private static void text(PrintWriter out, List<Finding> findings, Scope scope) {
        for (Finding f : findings) {
            out.println(f.workload().origin() + ": " + f.where() + " [" + f.rule().id + "]");
            out.println("  " + f.why());
            out.println("  fix: " + f.fix());
            out.println("  see: phpod " + f.rule().help());
        }
        long objects = findings.stream().map(Finding::workload).distinct().count();
        String of = scope.checked() + " PHP workload" + (scope.checked() == 1 ? "" : "s") + " (" + scope.workloads() + " workload"
                + (scope.workloads() == 1 ? "" : "s") + ", " + scope.objects() + " object" + (scope.objects() == 1 ? "" : "s") + " read)";
        out.println(findings.isEmpty() ? "phpod: no findings in " + of
                : "phpod: " + findings.size() + " finding" + (findings.size() == 1 ? "" : "s") + " in " + objects + " of " + of);
    }

    private static Map<String, Object> object(Finding f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", f.workload().kind());
        o.put("namespace", f.workload().namespace());
        o.put("name", f.workload().name());
        return o;
    }

    private static void json(PrintWriter out, List<Finding> findings, Scope scope, String version) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("phpod", version);
        root.put("workloads", scope.workloads());
        root.put("checked", scope.checked());
        root.put("objects", scope.objects());
        List<Object> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.rule().id);
            m.put("title", f.rule().title);
            m.put("object", object(f));
            m.put("container", f.container());
            m.put("file", f.workload().origin().file());
            m.put("line", f.workload().origin().line());
            m.put("why", f.why());
            m.put("fix", f.fix());
            m.put("help", f.rule().help());
            list.add(m);
        }
        root.put("findings", list);
        write(out, root);
    }

    private static void sarif(PrintWriter out, List<Finding> findings, String version) {
        Set<Rule> used = EnumSet.noneOf(Rule.class);
        findings.forEach(f -> used.add(f.rule()));
        List<Rule> rules = List.copyOf(EnumSet.allOf(Rule.class));
        List<Object> ruleList = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id);
            m.put("name", r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            m.put("shortDescription", Map.of("text", r.title));
            m.put("help", Map.of("text", r.title + ": see the section " + r.id + " of phpod's README (" + r.help() + ")"));
            m.put("defaultConfiguration", Map.of("level", "error"));
            ruleList.add(m);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "phpod");
        driver.put("version", version);
        driver.put("rules", ruleList);
        List<Object> results = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ruleId", f.rule().id);
            r.put("ruleIndex", rules.indexOf(f.rule()));
            r.put("level", "error");
            r.put("message", Map.of("text", f.where() + ": " + f.why() + ". Fix: " + f.fix() + "."));
            Map<String, Object> location = new LinkedHashMap<>();
            Workload.Origin o = f.workload().origin();
            if (o.line() > 0 && !o.file().equals("-")) {
                location.put("physicalLocation", Map.of("artifactLocation", Map.of("uri", o.file()), "region", Map.of("startLine", o.line())));
            }
            String name = f.workload().kind() + "/" + (f.workload().namespace() == null ? "" : f.workload().namespace() + "/") + f.workload().name()
                    + (f.container() == null ? "" : "/" + f.container());
            location.put("logicalLocations", List.of(Map.of("fullyQualifiedName", name, "kind", "object")));
            r.put("locations", List.of(location));
            results.add(r);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        write(out, root);
    }

    private static void write(PrintWriter out, Object tree) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
