package dev.phpod.check;

/** The cluster could not be read (no connection, no answer, refused, not allowed): one line, an I/O failure. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }
}
