package dev.phpod.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A skeleton folder shipped inside phpod ({@code chart-skeleton/}, {@code kustomize-base/}), read
 * from the class path through the index the build writes beside it (no directory listing, so it
 * works the same in a native image).
 */
public final class Skeleton {
    private final String root;

    private Skeleton(String root) {
        this.root = root;
    }

    public static Skeleton chart() {
        return new Skeleton("phpod/skeleton/chart");
    }

    public static Skeleton kustomize() {
        return new Skeleton("phpod/skeleton/kustomize");
    }

    /** One file of the skeleton, by relative path. */
    public String file(String path) {
        return read(root + "/" + path);
    }

    /** Every file of the skeleton, by relative path, in a stable order. */
    public Map<String, String> files() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(root + ".index").lines().sorted().toList()) {
            String path = line.strip();
            if (!path.isEmpty()) {
                out.put(path, read(root + "/" + path));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the skeleton " + root + " is empty: the build did not package it");
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Skeleton.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + ": the build did not package the skeleton");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
