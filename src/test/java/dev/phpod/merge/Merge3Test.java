package dev.phpod.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Merge3Test {
    static final String BASE = "# comment\na: 1\nb: 2\nc: 3\nd: 4\ne: 5\n";

    private static Merge3.Result merge(String yours, String theirs) {
        return Merge3.merge(BASE, yours, theirs, "yours", "phpod");
    }

    @Test
    void editsOnDifferentLinesBothSurvive() {
        Merge3.Result r = merge("# comment\na: 10\nb: 2\nc: 3\nd: 4\ne: 5\n", "# comment\na: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n");
        assertEquals("# comment\na: 10\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n", r.text());
        assertEquals(0, r.conflicts());
    }

    @Test
    void userCommentsAndNewKeysSurviveAToolChange() {
        String yours = "# comment\n# mine\na: 1\nb: 2\nc: 3\nd: 4\ne: 5\nmine: x\n";
        String theirs = "# comment\na: 1\nb: 2\nc: 30\nd: 4\ne: 5\n";
        assertEquals("# comment\n# mine\na: 1\nb: 2\nc: 30\nd: 4\ne: 5\nmine: x\n", merge(yours, theirs).text());
    }

    @Test
    void theSameChangeOnBothSidesIsTakenOnce() {
        String both = "# comment\na: 1\nb: 20\nc: 3\nd: 4\ne: 5\n";
        Merge3.Result r = merge(both, both);
        assertEquals(both, r.text());
        assertEquals(0, r.conflicts());
    }

    @Test
    void differentChangesToTheSameLineConflict() {
        Merge3.Result r = merge("# comment\na: 1\nb: mine\nc: 3\nd: 4\ne: 5\n", "# comment\na: 1\nb: tool\nc: 3\nd: 4\ne: 5\n");
        assertEquals(1, r.conflicts());
        assertEquals("# comment\na: 1\n<<<<<<< yours\nb: mine\n=======\nb: tool\n>>>>>>> phpod\nc: 3\nd: 4\ne: 5\n", r.text());
    }

    @Test
    void anInsertionNextToAnEditIsNotAConflict() {
        Merge3.Result after = merge("# comment\na: 1\nb: mine\nc: 3\nd: 4\ne: 5\n", "# comment\na: 1\nb: 2\nnew: x\nc: 3\nd: 4\ne: 5\n");
        assertEquals("# comment\na: 1\nb: mine\nnew: x\nc: 3\nd: 4\ne: 5\n", after.text());
        assertEquals(0, after.conflicts());
        Merge3.Result before = merge("# comment\na: 1\nb: mine\nc: 3\nd: 4\ne: 5\n", "# comment\na: 1\nnew: x\nb: 2\nc: 3\nd: 4\ne: 5\n");
        assertEquals("# comment\na: 1\nnew: x\nb: mine\nc: 3\nd: 4\ne: 5\n", before.text());
        // Both sides changing the same line is still a conflict, whatever else they insert.
        assertEquals(1, merge("# comment\na: 1\nb: mine\nc: 3\nd: 4\ne: 5\n", "# comment\na: 1\nb: tool\nnew: x\nc: 3\nd: 4\ne: 5\n").conflicts());
    }

    @Test
    void deletionsOnOneSideAreTaken() {
        assertEquals("# comment\na: 1\nc: 3\nd: 4\ne: 5\n", merge("# comment\na: 1\nc: 3\nd: 4\ne: 5\n", BASE).text());
        assertEquals("# comment\na: 1\nb: 2\nc: 3\nd: 4\n", merge(BASE, "# comment\na: 1\nb: 2\nc: 3\nd: 4\n").text());
    }

    @Test
    void unifiedDiffShowsChangedLinesWithContext() {
        String d = UnifiedDiff.diff("x.yaml", BASE, "# comment\na: 1\nb: 2\nc: 33\nd: 4\ne: 5\n");
        assertEquals("--- a/x.yaml\n+++ b/x.yaml\n@@ -1,6 +1,6 @@\n # comment\n a: 1\n b: 2\n-c: 3\n+c: 33\n d: 4\n e: 5\n", d);
        assertEquals("", UnifiedDiff.diff("x", BASE, BASE));
        assertTrue(UnifiedDiff.diff("new", "", "a\n").contains("@@ -0,0 +1,1 @@\n+a\n"));
    }
}
