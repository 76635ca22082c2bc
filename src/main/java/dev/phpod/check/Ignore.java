package dev.phpod.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a workload's annotations silence: {@code phpod.dev/ignore: "id,id"} with a reason in
 * {@code phpod.dev/ignore-reason}, on the object's metadata or its pod template's (both count; the
 * ids add up). A reason is required: without one nothing is silenced and the check says so, and
 * ids that name no rule are reported, so a typo does not pass for a silenced finding.
 *
 * @param ids     the rules silenced (only when there is a reason)
 * @param reason  the reason given, null when none
 * @param problem what is wrong with the annotations (no reason, unknown ids), null when nothing
 */
public record Ignore(Set<Rule> ids, String reason, String problem) {
    public static final String IGNORE = "phpod.dev/ignore";
    public static final String REASON = "phpod.dev/ignore-reason";
    public static final Ignore NONE = new Ignore(Set.of(), null, null);

    public boolean silences(Rule r) {
        return ids.contains(r);
    }

    /** The annotations of the object and of its pod template (either may be null). */
    public static Ignore of(Map<String, String> object, Map<String, String> template) {
        Set<String> named = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        for (Map<String, String> a : java.util.Arrays.asList(object, template)) {
            if (a == null) {
                continue;
            }
            String ids = a.get(IGNORE);
            if (ids != null) {
                for (String id : ids.split("[,\\s]+")) {
                    if (!id.isBlank()) {
                        named.add(id.strip());
                    }
                }
            }
            String reason = a.get(REASON);
            if (reason != null && !reason.isBlank() && !reasons.contains(reason.strip())) {
                reasons.add(reason.strip());
            }
        }
        if (named.isEmpty()) {
            return NONE;
        }
        Set<Rule> rules = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String id : named) {
            Rule.byId(id).ifPresentOrElse(rules::add, () -> unknown.add(id));
        }
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add(IGNORE + " names no rule " + String.join(", ", unknown) + " (valid: " + Rule.ids() + ")");
        }
        if (reason == null) {
            problems.add(IGNORE + " without " + REASON + " silences nothing; say why in " + REASON);
        }
        return new Ignore(reason == null ? Set.of() : rules, reason, problems.isEmpty() ? null : String.join("; ", problems));
    }
}
