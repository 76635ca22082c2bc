package dev.phpod.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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

    /**
     * One check's outcome as printed: the findings, those silenced by an annotation, and the inputs
     * that could not be read (their lines go to standard error; the formats only count or list them).
     */
    public record Report(List<Finding> findings, List<Checks.Suppressed> suppressed, List<String> unreadable, Scope scope) {
        public Report(List<Finding> findings, Scope scope) {
            this(findings, List.of(), List.of(), scope);
        }
    }

    public void print(PrintWriter out, Report report, String version) {
        switch (this) {
            case TEXT -> text(out, report);
            case JSON -> json(out, report, version);
            case SARIF -> sarif(out, report, version);
        }
        out.flush();
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void text(PrintWriter out, Report report) {
        List<Finding> findings = report.findings();
        for (Finding f : findings) {
            out.println(f.origin() + ": " + f.rule().level.label() + ": " + f.where() + " [" + f.rule().id + "]");
            out.println("  " + f.why());
            out.println("  fix: " + f.fix());
            out.println("  see: " + f.rule().help());
        }
        Set<Workload> objects = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        findings.forEach(f -> objects.add(f.workload()));
        Scope scope = report.scope();
        String of = plural(scope.checked(), "PHP workload") + " (" + plural(scope.workloads(), "workload") + ", " + plural(scope.objects(), "object")
                + " read)";
        String also = (report.suppressed().isEmpty() ? "" : "; " + report.suppressed().size() + " silenced by " + Ignore.IGNORE)
                + (report.unreadable().isEmpty() ? "" : "; " + plural(report.unreadable().size(), "input") + " could not be read (see standard error)");
        out.println((findings.isEmpty() ? "phpod: no findings in " + of
                : "phpod: " + plural(findings.size(), "finding") + " in " + objects.size() + " of " + of) + also);
    }

    private static Map<String, Object> object(Finding f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", f.workload().kind());
        o.put("namespace", f.workload().namespace());
        o.put("name", f.workload().name());
        return o;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.rule().id);
        m.put("level", f.rule().level.label());
        m.put("title", f.rule().title);
        m.put("object", object(f));
        m.put("container", f.container());
        m.put("containers", f.containers());
        m.put("file", f.origin().file());
        m.put("line", f.origin().line());
        m.put("why", f.why());
        m.put("fix", f.fix());
        m.put("help", f.rule().help());
        return m;
    }

    private static void json(PrintWriter out, Report report, String version) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("phpod", version);
        root.put("workloads", report.scope().workloads());
        root.put("checked", report.scope().checked());
        root.put("objects", report.scope().objects());
        root.put("findings", report.findings().stream().map(FindingsFormat::finding).toList());
        List<Object> suppressed = new ArrayList<>();
        for (Checks.Suppressed s : report.suppressed()) {
            Map<String, Object> m = finding(s.finding());
            m.put("reason", s.reason());
            suppressed.add(m);
        }
        root.put("suppressed", suppressed);
        root.put("unreadable", report.unreadable());
        write(out, root);
    }

    /** SARIF's rule descriptor, from the registry; the docs inline (phpod has no public docs URL for helpUri). */
    private static Map<String, Object> rule(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id);
        m.put("name", r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("shortDescription", Map.of("text", r.title));
        m.put("fullDescription", Map.of("text", r.why));
        m.put("help", Map.of("text", RuleDocs.helpText(r), "markdown", RuleDocs.helpMarkdown(r)));
        m.put("defaultConfiguration", Map.of("level", r.level.label()));
        m.put("properties", Map.of("tags", List.of(r.level == Rule.Level.ERROR ? "nginx-php-fpm" : "hardening")));
        return m;
    }

    private static Map<String, Object> result(Finding f, List<Rule> rules) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", f.rule().id);
        r.put("ruleIndex", rules.indexOf(f.rule()));
        r.put("level", f.rule().level.label());
        r.put("message", Map.of("text", f.where() + ": " + f.why() + ". Fix: " + f.fix() + "."));
        Map<String, Object> location = new LinkedHashMap<>();
        Workload.Origin o = f.origin();
        if (o.line() > 0 && !o.file().equals("-")) {
            location.put("physicalLocation", Map.of("artifactLocation", Map.of("uri", o.file()), "region", Map.of("startLine", o.line())));
        }
        String name = f.workload().kind() + "/" + (f.workload().namespace() == null ? "" : f.workload().namespace() + "/") + f.workload().name()
                + (f.container() == null ? "" : "/" + f.container());
        location.put("logicalLocations", List.of(Map.of("fullyQualifiedName", name, "kind", "object")));
        r.put("locations", List.of(location));
        return r;
    }

    private static void sarif(PrintWriter out, Report report, String version) {
        List<Rule> rules = List.of(Rule.values());
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "phpod");
        driver.put("version", version);
        driver.put("rules", rules.stream().map(FindingsFormat::rule).toList());
        List<Object> results = new ArrayList<>();
        report.findings().forEach(f -> results.add(result(f, rules)));
        for (Checks.Suppressed s : report.suppressed()) {
            Map<String, Object> r = result(s.finding(), rules);
            r.put("suppressions", List.of(Map.of("kind", "inSource", "justification", s.reason())));
            results.add(r);
        }
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("executionSuccessful", report.unreadable().isEmpty());
        invocation.put("toolExecutionNotifications",
                report.unreadable().stream().map(u -> Map.of("level", "error", "message", Map.of("text", u))).toList());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("invocations", List.of(invocation));
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
