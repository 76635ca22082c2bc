package dev.phpod.generate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import dev.phpod.project.InputException;

/**
 * One writer at a time per output folder: init and generate hold {@code .phpod/lock} while they
 * write, so two runs never leave a mixed tree. The operating system drops the lock when a run dies.
 */
public final class OutputLock implements AutoCloseable {
    static final String FILE = ".phpod/lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static OutputLock acquire(Path out) throws IOException {
        Path file = FileWriter.target(out, FILE);
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new InputException(out + ": another phpod run is writing this folder; wait for it to finish, then run again");
        }
        return new OutputLock(ch, l);
    }

    /** Whether the folder holds nothing but this lock: as empty as a folder that did not exist. */
    public static boolean onlyTheLockIn(Path out) throws IOException {
        Path lock = Path.of(FILE);
        return names(out).equals(List.of(lock.getName(0).toString()))
                && names(out.resolve(lock.getParent())).equals(List.of(lock.getFileName().toString()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
