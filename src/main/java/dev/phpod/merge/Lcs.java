package dev.phpod.merge;

import java.util.Arrays;
import java.util.List;

/** Longest common subsequence of two line lists, as a monotonic matching. */
final class Lcs {
    private Lcs() {
    }

    /** For each line of a, the index of the line of b it is matched with, or -1. */
    static int[] match(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        // Common prefix and suffix first: generated files mostly differ in a few places.
        int pre = 0;
        while (pre < n && pre < m && a.get(pre).equals(b.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < n - pre && suf < m - pre && a.get(n - 1 - suf).equals(b.get(m - 1 - suf))) {
            suf++;
        }
        int[] out = new int[n];
        Arrays.fill(out, -1);
        for (int i = 0; i < pre; i++) {
            out[i] = i;
        }
        for (int i = 0; i < suf; i++) {
            out[n - 1 - i] = m - 1 - i;
        }
        int rn = n - pre - suf;
        int rm = m - pre - suf;
        if (rn == 0 || rm == 0) {
            return out;
        }
        int[][] len = new int[rn + 1][rm + 1];
        for (int i = rn - 1; i >= 0; i--) {
            for (int j = rm - 1; j >= 0; j--) {
                len[i][j] = a.get(pre + i).equals(b.get(pre + j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < rn && j < rm) {
            if (a.get(pre + i).equals(b.get(pre + j))) {
                out[pre + i] = pre + j;
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }
}
