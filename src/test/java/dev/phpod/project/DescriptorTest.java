package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The descriptor's keys that the bad-input corpus cannot show: what a good value does. */
class DescriptorTest {

    private static Project parse(String phpod, String environments) {
        return Descriptor.parse("phpod.yaml", "phpod: \"" + phpod + "\"\nname: shop\nimage: shop:1\n" + environments, "0.2.0-SNAPSHOT");
    }

    @Test
    void theDisruptionBudgetDefaultsToMoreThanOnePodAndCanBeTurnedOff() {
        Project p = parse("0.2.0", "environments: [dev, staging, prod]\n");
        assertFalse(p.environments().get(0).disruptionBudget(), "dev: one pod");
        assertTrue(p.environments().get(1).disruptionBudget(), "staging: two pods");
        assertTrue(p.environments().get(2).disruptionBudget());
        Project off = parse("0.2.0", "environments:\n  - {name: staging, disruptionBudget: false}\n");
        assertFalse(off.environments().get(0).disruptionBudget());
    }

    @Test
    void versionsAreComparedWithoutQualifiers() {
        parse("0.2.0", "environments: [dev]\n"); // the release of the running snapshot
        parse("0.1.9", "environments: [dev]\n");
        parse("0.2.0-rc.1", "environments: [dev]\n");
        InputException newer = assertThrows(InputException.class, () -> parse("0.10.0", "environments: [dev]\n"));
        assertEquals("phpod.yaml: written by phpod 0.10.0, newer than this phpod 0.2.0-SNAPSHOT; upgrade phpod to 0.10.0 or later", newer.getMessage());
    }
}
