package dev.phpod.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A skeleton folder shipped inside phpod ({@code chart-skeleton/}, {@code kustomize-base/}), read
 * from the one zip the build packs it into: one class-path lookup per tree (a native image looks
 * resources up slowly, and this was most of its {@code init} time), read once per process.
 */
public final class Skeleton {
    private static final Map<String, Map<String, String>> TREES = new ConcurrentHashMap<>();

    private final String resource;

    private Skeleton(String resource) {
        this.resource = resource;
    }

    public static Skeleton chart() {
        return new Skeleton("phpod/skeleton/chart.zip");
    }

    public static Skeleton kustomize() {
        return new Skeleton("phpod/skeleton/kustomize.zip");
    }

    /** One file of the skeleton, by relative path. */
    public String file(String path) {
        String text = files().get(path);
        if (text == null) {
            throw new IllegalStateException("missing " + path + " in " + resource + ": the build did not package it");
        }
        return text;
    }

    /** Every file of the skeleton, by relative path, in a stable (sorted) order. */
    public Map<String, String> files() {
        return TREES.computeIfAbsent(resource, Skeleton::read);
    }

    private static Map<String, String> read(String resource) {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = Skeleton.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + ": the build did not package the skeleton");
            }
            try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (!e.isDirectory()) {
                        out.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the skeleton " + resource + " is empty: the build did not package it");
        }
        return Collections.unmodifiableMap(out);
    }
}
