package dev.phpod.generate;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of one generation, in memory, by path relative to the output folder. Everything is
 * prepared and checked here before the first byte is written.
 */
public final class FileSet {
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public void add(String path, String content) {
        add(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public void add(String path, byte[] content) {
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("not a relative path: " + path);
        }
        if (files.putIfAbsent(path, content) != null) {
            throw new IllegalStateException("generated twice: " + path);
        }
    }

    /** Replaces a file added before, e.g. after a later step refined it. */
    public void replace(String path, String content) {
        if (files.replace(path, content.getBytes(StandardCharsets.UTF_8)) == null) {
            throw new IllegalStateException("not generated: " + path);
        }
    }

    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    public String text(String path) {
        byte[] b = files.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
