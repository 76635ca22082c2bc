package dev.phpod.project;

import java.util.List;

/**
 * Where a PHP app writes and what nginx must never serve: the part of a deployment that depends on
 * the framework. A {@link Preset} gives one for each common framework.
 *
 * @param writablePaths    folders the app writes
 * @param deniedPaths      URL paths never served, with everything below them
 * @param deniedExtensions file extensions never served, besides the chart's own list
 */
public record Layout(List<WritablePath> writablePaths, List<String> deniedPaths, List<String> deniedExtensions) {

    public static final Layout NONE = new Layout(List.of(), List.of(), List.of());

    public Layout {
        writablePaths = List.copyOf(writablePaths);
        deniedPaths = List.copyOf(deniedPaths);
        deniedExtensions = List.copyOf(deniedExtensions);
    }
}
