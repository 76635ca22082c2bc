package dev.phpod.check;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.phpod.project.InputException;

/**
 * One {@code phpod check}, without picocli: which rules (--include, --exclude), what was read, what
 * could not be, and what the rules found. The command only parses options and prints.
 *
 * @param unreadable one line per input that could not be read (file, line, why, fix)
 * @param notes      one line per file skipped or annotation not applied: printed, never an error
 */
public record CheckRun(Inventory inventory, Checks.Result result, List<String> unreadable, List<String> notes) {

    /** Reads every input (a problem in one does not stop the others), then checks what was read. */
    public static CheckRun files(List<String> inputs, InputStream stdin, Set<Rule> rules) {
        if (inputs.stream().filter("-"::equals).count() > 1) {
            throw new InputException("- (standard input) given twice; it can be read once");
        }
        ManifestReader reader = new ManifestReader();
        for (String in : inputs) {
            reader.read(in, stdin);
        }
        return of(reader.inventory(), rules, reader.problems(), reader.notes());
    }

    public static CheckRun of(Inventory inventory, Set<Rule> rules, List<String> unreadable, List<String> readNotes) {
        Checks.Result result = Checks.run(inventory, rules);
        List<String> notes = new ArrayList<>(readNotes);
        notes.addAll(result.notes());
        return new CheckRun(inventory, result, List.copyOf(unreadable), notes);
    }

    /** The rules asked for: all, or those of --include, minus those of --exclude (each a comma-separated list of ids). */
    public static Set<Rule> select(List<String> include, List<String> exclude) {
        Set<Rule> rules = include == null || include.isEmpty() ? EnumSet.allOf(Rule.class) : EnumSet.noneOf(Rule.class);
        if (include != null) {
            rules.addAll(ids("--include", include));
        }
        if (exclude != null) {
            rules.removeAll(ids("--exclude", exclude));
        }
        return rules;
    }

    private static Set<Rule> ids(String option, List<String> values) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (String value : values) {
            for (String id : value.split(",")) {
                String trimmed = id.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                out.add(rule(option, trimmed));
            }
        }
        return out;
    }

    /** The rule of an id, or one line naming the option, the id and every valid id. */
    public static Rule rule(String option, String id) {
        return Rule.byId(id).orElseThrow(() -> new InputException(option + ": unknown rule '" + id.replaceAll("\\p{Cntrl}", "?")
                + "'; valid ids: " + Rule.ids() + " (phpod check --list-rules)"));
    }
}
