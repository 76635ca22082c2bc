package dev.phpod.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The conflict markers phpod writes ({@link Merge3#merge} with {@link #YOURS} and {@code phpod
 * VERSION} as labels), read back: whether a file still holds them, and the file as it was on the
 * user's side of each conflict. Lines such as {@code =======} outside a conflict (a Markdown
 * heading's underline) are content.
 */
public final class Conflicts {
    /** The label of the user's side. */
    public static final String YOURS = "your edit";
    /** The label of phpod's side: this prefix and the version. */
    public static final String THEIRS_PREFIX = "phpod ";

    private static final String OPEN = "<<<<<<< " + YOURS;
    private static final String MIDDLE = "=======";
    private static final String CLOSE = ">>>>>>> " + THEIRS_PREFIX;

    private Conflicts() {
    }

    public static String theirsLabel(String version) {
        return THEIRS_PREFIX + version;
    }

    /** Whether the text still holds a conflict phpod marked. */
    public static boolean marked(String text) {
        return Merge3.lines(text).contains(OPEN);
    }

    /**
     * The text with each marked conflict replaced by the user's side, or null when the markers are
     * not whole (one was deleted or edited): then only the user can tell what they meant.
     */
    public static String yours(String text) {
        List<String> out = new ArrayList<>();
        int state = 0; // 0: outside a conflict, 1: the user's side, 2: phpod's side
        for (String line : Merge3.lines(text)) {
            if (state == 0) {
                if (line.equals(OPEN)) {
                    state = 1;
                } else {
                    out.add(line);
                }
            } else if (state == 1) {
                if (line.equals(MIDDLE)) {
                    state = 2;
                } else if (line.startsWith("<<<<<<< ") || line.startsWith(CLOSE)) {
                    return null;
                } else {
                    out.add(line);
                }
            } else if (line.startsWith(CLOSE)) {
                state = 0;
            } else if (line.equals(OPEN) || line.equals(MIDDLE)) {
                return null;
            }
        }
        if (state != 0) {
            return null;
        }
        return out.isEmpty() ? "" : String.join("\n", out) + (text.endsWith("\n") ? "\n" : "");
    }
}
