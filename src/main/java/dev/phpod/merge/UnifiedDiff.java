package dev.phpod.merge;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (3 lines of context), as diff -u and git diff print it. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    public static String diff(String path, String before, String after) {
        List<String> a = Merge3.lines(before);
        List<String> b = Merge3.lines(after);
        int[] m = Lcs.match(a, b);
        // Edit script: ' ' kept, '-' removed, '+' added, with the line numbers of each side.
        List<String[]> ops = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < a.size(); i++) {
            if (m[i] < 0) {
                ops.add(new String[] { "-", a.get(i) });
                continue;
            }
            while (j < m[i]) {
                ops.add(new String[] { "+", b.get(j++) });
            }
            ops.add(new String[] { " ", a.get(i) });
            j++;
        }
        while (j < b.size()) {
            ops.add(new String[] { "+", b.get(j++) });
        }
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
        int n = ops.size();
        int k = 0;
        int lineA = 1;
        int lineB = 1;
        int[] posA = new int[n + 1];
        int[] posB = new int[n + 1];
        for (int x = 0; x < n; x++) {
            posA[x] = lineA;
            posB[x] = lineB;
            if (!ops.get(x)[0].equals("+")) {
                lineA++;
            }
            if (!ops.get(x)[0].equals("-")) {
                lineB++;
            }
        }
        posA[n] = lineA;
        posB[n] = lineB;
        boolean any = false;
        while (k < n) {
            if (ops.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // Extend the hunk while changes are closer than 2 x context.
            while (end < n) {
                if (!ops.get(end)[0].equals(" ")) {
                    end++;
                    continue;
                }
                int next = end;
                while (next < n && ops.get(next)[0].equals(" ")) {
                    next++;
                }
                if (next < n && next - end <= 2 * CONTEXT) {
                    end = next;
                } else {
                    end = Math.min(n, end + CONTEXT);
                    break;
                }
            }
            int countA = 0;
            int countB = 0;
            for (int x = start; x < end; x++) {
                countA += ops.get(x)[0].equals("+") ? 0 : 1;
                countB += ops.get(x)[0].equals("-") ? 0 : 1;
            }
            out.append("@@ -").append(countA == 0 ? posA[start] - 1 : posA[start]).append(',').append(countA)
                    .append(" +").append(countB == 0 ? posB[start] - 1 : posB[start]).append(',').append(countB).append(" @@\n");
            for (int x = start; x < end; x++) {
                out.append(ops.get(x)[0]).append(ops.get(x)[1]).append('\n');
            }
            any = true;
            k = end;
        }
        return any ? out.toString() : "";
    }
}
