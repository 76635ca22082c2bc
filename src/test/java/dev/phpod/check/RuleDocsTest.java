package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The README's rule sections are the registry's ({@link Rule}, rendered by {@link RuleDocs}): this
 * fails when they disagree. Refresh after changing a rule: ./mvnw -o test -Dtest=RuleDocsTest -Dphpod.refresh=true
 */
class RuleDocsTest {
    static final Path README = Path.of("README.md");

    @Test
    void theReadmesRuleSectionsAreTheRegistrys() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(RuleDocs.BEGIN);
        int end = readme.indexOf(RuleDocs.END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the generated rule sections' markers");
        String generated = RuleDocs.readme();
        String current = readme.substring(begin, end + RuleDocs.END.length());
        if (Boolean.getBoolean("phpod.refresh")) {
            Files.writeString(README, readme.substring(0, begin) + generated + readme.substring(end + RuleDocs.END.length()));
            return;
        }
        assertEquals(generated, current, "README.md's rule sections drifted from Rule.java; refresh with "
                + "./mvnw -o test -Dtest=RuleDocsTest -Dphpod.refresh=true");
    }

    @Test
    void everyRuleSaysEnoughAndIdsAreKebabCaseAndUnique() {
        Set<String> ids = new HashSet<>();
        for (Rule r : Rule.values()) {
            assertTrue(ids.add(r.id), "two rules named " + r.id);
            assertTrue(r.id.matches("[a-z0-9]+(-[a-z0-9]+)*"), r.id);
            assertTrue(r.title.length() > 10 && !r.title.endsWith("."), r.id + ": a title, one line, no period");
            assertTrue(r.why.length() > 80 && r.fix.length() > 30, r.id + ": why and fix say enough");
            assertTrue(r.example != null && !r.example.text().isBlank(), r.id + ": --explain shows an example");
            assertEquals(r, Rule.byId(r.id).orElseThrow());
        }
    }
}
