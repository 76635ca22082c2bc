package dev.phpod.project;

/**
 * Bad input from the user: a flag or a descriptor field. The message is one line that names the
 * field and says how to fix it; the CLI prints it and exits with {@code ExitCodes.USAGE}.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message, null, false, false);
    }
}
