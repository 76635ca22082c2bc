package dev.phpod.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a release owns in an environment's files. phpod writes an environment's image tag (or
 * digest) from phpod.yaml; releases change it: {@code kustomize edit set image} in the overlay (the
 * app image's {@code newTag}, {@code digest}, {@code newName}), a commit of {@code image.tag} /
 * {@code image.digest} in {@code helm/values-ENV.yaml}. Once a release has changed them (the file on
 * disk holds other values there than phpod generated), they are taken from the file on disk into
 * both of phpod's versions (what it generated last time and what it generates now) before the
 * merge, so a release never collides with a change of phpod.yaml (the image's repository, the
 * replicas next to it) and phpod never rolls a release back. Until then phpod.yaml's image flows in.
 */
final class Releases {
    private static final Pattern VALUES = Pattern.compile("helm/values-[^/]+\\.yaml");
    private static final Pattern OVERLAY = Pattern.compile("kustomize/overlays/[^/]+/kustomization\\.yaml");
    private static final List<String> VALUES_KEYS = List.of("tag", "digest");
    private static final List<String> IMAGE_KEYS = List.of("digest", "newName", "newTag");

    private Releases() {
    }

    /** Whether the file holds lines a release owns. */
    static boolean owns(String path) {
        return VALUES.matcher(path).matches() || OVERLAY.matcher(path).matches();
    }

    /**
     * {@code phpods} (a version phpod generated of {@code path}) with the release lines of
     * {@code onDisk}; {@code base} (what the file on disk was generated from, or null) names the
     * image entry to read. Unchanged when the file on disk does not hold them in the layout phpod
     * and kustomize write (one key per line, as phpod wrote it): then the merge decides.
     */
    static String adopt(String path, String phpods, String onDisk, String base) {
        if (phpods == null || onDisk == null || base == null) {
            return phpods;
        }
        if (VALUES.matcher(path).matches()) {
            return released(valuesLines(onDisk), valuesLines(base)) ? adoptValues(phpods, onDisk) : phpods;
        }
        if (OVERLAY.matcher(path).matches()) {
            return released(imageFields(onDisk, base), imageFields(base, base)) ? adoptImage(phpods, onDisk, base) : phpods;
        }
        return phpods;
    }

    /** Whether a release wrote its lines: the file on disk holds them, and not as phpod generated them. */
    private static boolean released(Object onDisk, Object generated) {
        return onDisk != null && !onDisk.equals(generated);
    }

    /** The image block's tag and digest lines, or null when the file has none. */
    private static List<String> valuesLines(String text) {
        List<String> lines = lines(text);
        int[] block = block(lines, "image:");
        if (block == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = block[0]; i < block[1]; i++) {
            String key = keyOf(lines.get(i), "  ");
            if (key != null && VALUES_KEYS.contains(key)) {
                out.add(lines.get(i));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The release's fields of the image entry that {@code base} names, in {@code text}; null when there is none. */
    private static TreeMap<String, String> imageFields(String text, String base) {
        List<String> baseLines = lines(base);
        int[] baseEntry = firstEntry(baseLines);
        String name = baseEntry == null || fields(baseLines, baseEntry) == null ? null : fields(baseLines, baseEntry).get("name");
        List<String> lines = lines(text);
        int[] images = block(lines, "images:");
        if (name == null || images == null) {
            return null;
        }
        for (int[] e : entries(lines, images)) {
            TreeMap<String, String> f = fields(lines, e);
            if (f != null && name.equals(f.get("name"))) {
                TreeMap<String, String> out = new TreeMap<>();
                f.forEach((k, v) -> {
                    if (IMAGE_KEYS.contains(k)) {
                        out.put(k, v);
                    }
                });
                return out;
            }
        }
        return null;
    }

    // --- helm/values-ENV.yaml: image.tag and image.digest ---

    private static String adoptValues(String phpods, String onDisk) {
        List<String> released = valuesLines(onDisk);
        if (released == null) {
            return phpods;
        }
        List<String> ours = lines(phpods);
        int[] own = block(ours, "image:");
        if (own == null) {
            return phpods;
        }
        List<String> out = new ArrayList<>(ours.subList(0, own[0]));
        boolean placed = false;
        for (int i = own[0]; i < own[1]; i++) {
            String key = keyOf(ours.get(i), "  ");
            if (key != null && VALUES_KEYS.contains(key)) {
                if (!placed) {
                    out.addAll(released);
                    placed = true;
                }
                continue;
            }
            out.add(ours.get(i));
        }
        if (!placed) {
            out.addAll(released);
        }
        out.addAll(ours.subList(own[1], ours.size()));
        return join(out, phpods);
    }

    // --- kustomize/overlays/ENV/kustomization.yaml: the app image's entry ---

    private static String adoptImage(String phpods, String onDisk, String base) {
        TreeMap<String, String> released = imageFields(onDisk, base);
        List<String> ours = lines(phpods);
        int[] own = firstEntry(ours);
        TreeMap<String, String> ourFields = own == null ? null : fields(ours, own);
        if (released == null || ourFields == null) {
            return phpods;
        }
        // kustomize writes an entry's keys in this order: digest, name, newName, newTag.
        TreeMap<String, String> entry = new TreeMap<>(released);
        ourFields.forEach((k, v) -> {
            if (!IMAGE_KEYS.contains(k)) {
                entry.put(k, v);
            }
        });
        List<String> out = new ArrayList<>(ours.subList(0, own[0]));
        boolean first = true;
        for (var e : entry.entrySet()) {
            out.add((first ? "- " : "  ") + e.getKey() + ": " + e.getValue());
            first = false;
        }
        out.addAll(ours.subList(own[1], ours.size()));
        return join(out, phpods);
    }

    private static int[] firstEntry(List<String> lines) {
        int[] images = block(lines, "images:");
        if (images == null) {
            return null;
        }
        List<int[]> entries = entries(lines, images);
        return entries.isEmpty() ? null : entries.get(0);
    }

    /** The entries of a top-level sequence written at column 0: "- key: v" then "  key: v" lines. */
    private static List<int[]> entries(List<String> lines, int[] block) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = block[0]; i < block[1]; i++) {
            if (lines.get(i).startsWith("- ")) {
                if (start >= 0) {
                    out.add(new int[] { start, i });
                }
                start = i;
            }
        }
        if (start >= 0) {
            out.add(new int[] { start, block[1] });
        }
        return out;
    }

    private static final Pattern FIELD = Pattern.compile("(?:- |  )([A-Za-z]+): (.+)");

    /** An entry's keys with their raw values (quotes and comments kept), or null if a line is not one key. */
    private static TreeMap<String, String> fields(List<String> lines, int[] entry) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = entry[0]; i < entry[1]; i++) {
            Matcher m = FIELD.matcher(lines.get(i));
            if (!m.matches()) {
                return null;
            }
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The lines of a top-level key's block: from the line after "key:" to the next top-level line. */
    private static int[] block(List<String> lines, String header) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(header)) {
                int end = i + 1;
                while (end < lines.size() && (lines.get(end).startsWith(" ") || lines.get(end).startsWith("- "))) {
                    end++;
                }
                return new int[] { i + 1, end };
            }
        }
        return null;
    }

    private static String keyOf(String line, String indent) {
        if (!line.startsWith(indent) || line.startsWith(indent + " ")) {
            return null;
        }
        int colon = line.indexOf(':');
        return colon < 0 ? null : line.substring(indent.length(), colon);
    }

    private static List<String> lines(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return text.isEmpty() ? List.of() : List.of(body.split("\n", -1));
    }

    private static String join(List<String> lines, String like) {
        return String.join("\n", lines) + (like.endsWith("\n") ? "\n" : "");
    }
}
