package dev.phpod.project;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PHP app's source tree as detection reads it: whether an entry is a file or a folder, a folder's
 * entries, a small file's bytes. It only reads, a bounded amount, and never takes an entry it could
 * not read for a missing one: each such entry is kept in {@link #problems()} for the user.
 */
final class SourceTree {
    /** Entries read from one folder at most: a tree is a source tree, not a file store. */
    static final int MAX_ENTRIES = 20_000;

    private final Path root;
    private final Set<String> problems = new LinkedHashSet<>();
    private final Map<String, List<String>> listings = new HashMap<>();

    private SourceTree(Path root) {
        this.root = root;
    }

    static SourceTree open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InputException("--source: " + root + " is not a folder; give the folder of the app's source (where composer.json is)");
        }
        SourceTree tree = new SourceTree(root);
        tree.list("");
        if (!tree.problems.isEmpty()) {
            throw new InputException("--source: cannot read " + root + " (" + tree.problems.iterator().next()
                    + "); give a folder phpod can read, or --preset and --docroot");
        }
        return tree;
    }

    Path root() {
        return root;
    }

    /** Entries phpod could not read, each "path: why". */
    List<String> problems() {
        return List.copyOf(problems);
    }

    enum Kind { FILE, FOLDER, OTHER, NONE }

    /** What the entry is, following links; a dangling link is NONE; an unreadable one is noted and NONE. */
    Kind kind(String rel) {
        Path p = resolve(rel);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.FOLDER : Kind.OTHER;
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(p)) {
                problems.add(rel + ": a link to " + target(p) + ", which does not exist");
            }
            return Kind.NONE;
        } catch (IOException e) {
            if (Files.isRegularFile(p.getParent()) || e instanceof java.nio.file.FileSystemException f && "Not a directory".equals(f.getReason())) {
                return Kind.NONE; // a path below a file: missing, not unreadable
            }
            problems.add(rel + ": " + why(e));
            return Kind.NONE;
        }
    }

    boolean isFile(String rel) {
        return kind(rel) == Kind.FILE;
    }

    boolean isFolder(String rel) {
        return kind(rel) == Kind.FOLDER;
    }

    /** The names in a folder (folders end in '/'), sorted; empty when it is missing or unreadable (noted). */
    List<String> list(String rel) {
        List<String> cached = listings.get(rel);
        if (cached != null) {
            return cached;
        }
        Set<String> names = new TreeSet<>();
        Path dir = resolve(rel);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path e : entries) {
                    if (names.size() >= MAX_ENTRIES) {
                        break;
                    }
                    String name = e.getFileName().toString();
                    names.add(Files.isDirectory(e) ? name + "/" : name);
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                problems.add((rel.isEmpty() ? "." : rel) + "/: " + why(e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e));
            }
        }
        List<String> list = List.copyOf(names);
        listings.put(rel, list);
        return list;
    }

    /** The folders in a folder, without their slash. */
    List<String> folders(String rel) {
        return list(rel).stream().filter(n -> n.endsWith("/")).map(n -> n.substring(0, n.length() - 1)).toList();
    }

    /** A small text file, or null when it is missing, unreadable (noted) or larger than max. */
    String read(String rel, int max) {
        if (kind(rel) != Kind.FILE) {
            return null;
        }
        try {
            Path p = resolve(rel);
            if (Files.size(p) > max) {
                return null;
            }
            return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(rel + ": " + why(e));
            return null;
        }
    }

    /** Files that keep a folder in a repository, or tell a web server what to do with it. */
    private static final Set<String> PLACEHOLDERS = Set.of(".gitkeep", ".gitignore", ".keep", ".empty", ".htaccess", "index.html",
            "index.htm", "web.config", "README", "README.md", "README.txt", "readme.txt", "empty", ".placeholder");

    /** A folder the repository holds only to be written at run time: nothing in it but placeholders. */
    boolean keptEmpty(String rel) {
        // Git keeps no empty folder: one is kept by a placeholder, or the listing is not the whole tree.
        return isFolder(rel) && !list(rel).isEmpty() && placeholdersOnly(rel);
    }

    private boolean placeholdersOnly(String rel) {
        for (String n : list(rel)) {
            if (n.endsWith("/")) {
                if (!placeholdersOnly(rel + "/" + n.substring(0, n.length() - 1))) {
                    return false;
                }
            } else if (!PLACEHOLDERS.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the folder holds a file with one of these suffixes, looking down depth levels. */
    boolean holds(String rel, int depth, String... suffixes) {
        for (String n : list(rel)) {
            String child = rel.isEmpty() ? n : rel + "/" + n;
            if (n.endsWith("/")) {
                if (depth > 1 && holds(child.substring(0, child.length() - 1), depth - 1, suffixes)) {
                    return true;
                }
            } else {
                for (String s : suffixes) {
                    if (n.endsWith(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Path resolve(String rel) {
        return rel.isEmpty() || rel.equals(".") ? root : root.resolve(rel);
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : m;
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    static List<String> join(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
