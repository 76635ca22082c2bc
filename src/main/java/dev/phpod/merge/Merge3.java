package dev.phpod.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * A three-way merge of text by lines (diff3, as git merges files): changes made on one side only
 * are taken, the same change on both sides is taken once, and different changes to the same lines
 * are a conflict, written between markers.
 */
public final class Merge3 {

    /** The merged text and how many conflicting regions it holds. */
    public record Result(String text, int conflicts) {
    }

    private Merge3() {
    }

    public static Result merge(String base, String yours, String theirs, String yourLabel, String theirLabel) {
        return merge(base, yours, theirs, yourLabel, theirLabel, false);
    }

    /**
     * As {@link #merge}, but where the two sides collide, {@code theirs} is taken (no markers, no
     * conflict counted): every change of yours that collides with nothing survives.
     */
    public static Result mergeTheirsWinning(String base, String yours, String theirs) {
        return merge(base, yours, theirs, "", "", true);
    }

    private static Result merge(String base, String yours, String theirs, String yourLabel, String theirLabel, boolean theirsWin) {
        List<String> o = lines(base);
        List<String> a = lines(yours);
        List<String> b = lines(theirs);
        int[] ma = Lcs.match(o, a);
        int[] mb = Lcs.match(o, b);
        List<String> out = new ArrayList<>();
        int conflicts = 0;
        int i = 0;
        int ia = 0;
        int ib = 0;
        while (true) {
            // The next base line kept, in order, by both sides: a stable point.
            int k = i;
            while (k < o.size() && !(ma[k] >= ia && mb[k] >= ib)) {
                k++;
            }
            int ea = k < o.size() ? ma[k] : a.size();
            int eb = k < o.size() ? mb[k] : b.size();
            if (k > i || ea > ia || eb > ib) {
                List<String> co = o.subList(i, k);
                List<String> ca = a.subList(ia, ea);
                List<String> cb = b.subList(ib, eb);
                List<String> adjacent;
                if (ca.equals(co)) {
                    out.addAll(cb);
                } else if (cb.equals(co) || ca.equals(cb)) {
                    out.addAll(ca);
                } else if ((adjacent = insertionBesideEdit(co, ca, cb)) != null) {
                    out.addAll(adjacent);
                } else if (theirsWin) {
                    out.addAll(cb);
                } else {
                    conflicts++;
                    out.add("<<<<<<< " + yourLabel);
                    out.addAll(ca);
                    out.add("=======");
                    out.addAll(cb);
                    out.add(">>>>>>> " + theirLabel);
                }
            }
            if (k >= o.size()) {
                break;
            }
            out.add(o.get(k));
            i = k + 1;
            ia = ea + 1;
            ib = eb + 1;
        }
        return new Result(join(out, endsWithNewline(yours, theirs)), conflicts);
    }

    /**
     * One side only inserted lines before or after the region that the other side edited (a new key
     * next to an edited one): both are taken, in order. Plain diff3 would call it a conflict.
     */
    private static List<String> insertionBesideEdit(List<String> base, List<String> a, List<String> b) {
        List<String> r = insertion(base, a, b);
        return r != null ? r : insertion(base, b, a);
    }

    /** If {@code inserted} is base plus lines at its start or end, those lines around {@code edited}. */
    private static List<String> insertion(List<String> base, List<String> edited, List<String> inserted) {
        if (inserted.size() <= base.size()) {
            return null;
        }
        int extra = inserted.size() - base.size();
        List<String> out = new ArrayList<>();
        if (inserted.subList(0, base.size()).equals(base)) {
            out.addAll(edited);
            out.addAll(inserted.subList(base.size(), inserted.size()));
            return out;
        }
        if (inserted.subList(extra, inserted.size()).equals(base)) {
            out.addAll(inserted.subList(0, extra));
            out.addAll(edited);
            return out;
        }
        return null;
    }

    static List<String> lines(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return List.of(body.split("\n", -1));
    }

    private static boolean endsWithNewline(String yours, String theirs) {
        return theirs.isEmpty() ? yours.endsWith("\n") : theirs.endsWith("\n");
    }

    private static String join(List<String> lines, boolean newline) {
        if (lines.isEmpty()) {
            return "";
        }
        return String.join("\n", lines) + (newline ? "\n" : "");
    }
}
