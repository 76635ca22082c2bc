package dev.phpod.generate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.phpod.project.InputException;

/**
 * Where and how init and generate put files (their plan decides which): the output folder checked,
 * every path resolved without leaving it through a link, each file written to a temporary file in
 * its own folder and renamed into place, so a run killed at any moment leaves every file either old
 * or new; an existing file keeps its mode.
 */
public final class FileWriter {

    private FileWriter() {
    }

    /** Refuses an output folder phpod cannot write into as it promises. */
    public static void checkOutput(Path outDir, String option) {
        if (outDir.toString().isEmpty()) {
            throw new InputException(option + ": empty; give a folder, e.g. deploy (use . for the current folder)");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InputException(option + ": " + outDir + " is a file; give a folder (it is created when missing)");
        }
    }

    /**
     * Where a file of the output really goes: through links that stay inside the output folder (a
     * values file linked to a shared one is written where the link points, and stays a link), never
     * through one that leads out of it.
     */
    public static Path target(Path outDir, String rel) {
        return new Places(outDir).target(rel);
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            Path parent = p.getParent();
            return parent == null ? p : realOrSelf(parent).resolve(p.getFileName());
        }
    }

    /**
     * The places of one output folder's files, resolved and checked as {@link #target} and
     * {@link #checkPlace} say, each folder once: a run asks for a hundred files in a dozen folders.
     * For one run only: it remembers what it saw.
     */
    public static final class Places {
        private final Path outDir;
        private final Path base;
        private final Path root;
        private final Map<Path, Path> folders = new HashMap<>();
        private final Map<Path, Boolean> isFile = new HashMap<>();

        public Places(Path outDir) {
            this.outDir = outDir;
            base = outDir.toAbsolutePath().normalize();
            root = realOrSelf(base);
        }

        public Path target(String rel) {
            Path r = Path.of(rel);
            return step(r.getParent() == null ? base : folder(r.getParent(), rel), r.getFileName(), rel);
        }

        private Path folder(Path relDir, String rel) {
            Path known = folders.get(relDir);
            if (known == null) {
                known = step(relDir.getParent() == null ? base : folder(relDir.getParent(), rel), relDir.getFileName(), rel);
                folders.put(relDir, known);
            }
            return known;
        }

        private Path step(Path dir, Path name, String rel) {
            Path p = dir.resolve(name);
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            Path real = realOrSelf(p);
            if (!real.startsWith(root)) {
                throw new InputException("--output: " + outDir.resolve(rel) + " goes through the link " + p + " to " + real
                        + ", outside " + outDir + "; phpod never writes through it: replace the link, or choose another --output");
            }
            return real;
        }

        /**
         * Refuses a place where a file cannot go as promised: through a link out of the folder, below a
         * file, or where a folder is.
         */
        void checkPlace(String rel) {
            Path target = target(rel);
            for (Path p = target.getParent(); p != null; p = p.getParent()) {
                if (isFile.computeIfAbsent(p, Files::isRegularFile)) {
                    throw new InputException("--output: " + p + " is a file where " + rel + " needs a folder; move it away or choose another --output");
                }
            }
            if (Files.isDirectory(target)) {
                throw new InputException("--output: " + target + " is a folder where a file must go; move it away or choose another --output");
            }
        }
    }

    /** init's refusal to overwrite files that differ, naming a few and the way out. */
    static InputException refusal(Path outDir, List<String> paths) {
        String first = String.join(", ", paths.subList(0, Math.min(5, paths.size())))
                + (paths.size() > 5 ? " and " + (paths.size() - 5) + " more" : "");
        if (Files.isRegularFile(outDir.resolve("phpod.yaml"))) {
            return new InputException("--output: " + outDir + " holds a phpod project whose files this would overwrite (" + first
                    + "); to change it, edit " + outDir.resolve("phpod.yaml") + " and run 'phpod generate " + outDir
                    + "' (your edits are kept), or pass --force to overwrite them");
        }
        return new InputException("--output: " + outDir + " already holds files this would overwrite (" + first
                + "); pass --force to overwrite them, or choose another --output");
    }

    /**
     * Writes files through temporary files renamed into place, in three passes: every content to its
     * temporary file, then each flushed to disk, then each renamed into place. On a real disk the
     * first flush writes most of the data and the others find little left (one flush per file in
     * turn cost a hundred files 30 ms on ext4 here). A run killed at any moment still leaves every
     * file either old or new; the temporary files it leaves are removed by the next run. A new file
     * gets the mode the umask gives (as any tool's); an existing one keeps its own.
     */
    static void writeAllAtomically(Map<Path, byte[]> files) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>(); // target -> its temporary file
        Set<Path> folders = new HashSet<>();
        try {
            for (Map.Entry<Path, byte[]> f : files.entrySet()) {
                Path target = f.getKey();
                Path dir = target.toAbsolutePath().getParent();
                if (folders.add(dir)) {
                    Files.createDirectories(dir);
                }
                Path tmp = temporaryBeside(dir, target);
                staged.put(target, tmp);
                keepMode(target, tmp);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer content = ByteBuffer.wrap(f.getValue());
                    while (content.hasRemaining()) {
                        ch.write(content);
                    }
                }
            }
            for (Path tmp : staged.values()) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            for (Iterator<Map.Entry<Path, Path>> it = staged.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Path, Path> s = it.next();
                try {
                    Files.move(s.getValue(), s.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.move(s.getValue(), s.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
                it.remove();
            }
        } finally {
            for (Path tmp : staged.values()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static Path temporaryBeside(Path dir, Path target) throws IOException {
        for (int i = 0;; i++) {
            try {
                return Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime() + i) + ".phpod-tmp"));
            } catch (FileAlreadyExistsException e) {
                if (i > 100) {
                    throw e;
                }
            }
        }
    }

    /** An existing file's mode, given to the temporary file that replaces it. */
    private static void keepMode(Path target, Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (NoSuchFileException e) {
            // a new file: the umask's mode stands
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default stands
        }
    }
}
