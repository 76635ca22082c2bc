package dev.phpod.project;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a small input file (a descriptor, a composer.json) the safe way, for both readers. */
final class SmallFile {
    private SmallFile() {
    }

    /**
     * A regular file only (a FIFO or a device such as /dev/zero would block or never end), read to
     * at most {@code max} bytes; each refusal is one line that ends with {@code fix}.
     */
    static byte[] read(Path file, int max, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file") + "; " + fix);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(max + 1);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file; " + fix);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + Text.printable(String.valueOf(e.getMessage())) + "); " + fix);
        }
        if (bytes.length > max) {
            throw new InputException(file + ": larger than " + max / 1024 + " KiB; " + fix);
        }
        return bytes;
    }
}
