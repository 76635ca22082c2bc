package dev.phpod.project;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance, a swap of two neighbours counting as one edit. */
public final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within reach; ties go to the first in alphabetical order, so the answer never varies. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase();
        return candidates.stream()
                .filter(c -> distance(w, c.toLowerCase()) <= Math.max(2, c.length() / 3))
                .min(Comparator.<String>comparingInt(c -> distance(w, c.toLowerCase())).thenComparing(Comparator.naturalOrder()));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
