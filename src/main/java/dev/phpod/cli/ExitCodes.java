package dev.phpod.cli;

/** phpod's exit codes: stable, documented in the README and in --help. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Done, but with findings the user must look at (e.g. merge conflicts). */
    public static final int FINDINGS = 1;
    /** Bad command line or bad input; nothing was written. */
    public static final int USAGE = 2;
    /** A bug or an I/O failure in phpod itself. */
    public static final int SOFTWARE = 3;

    static final String HELP = """
            Exit codes:
              0  done
              1  done with findings to look at (conflicts; for generate --check, files not up to date)
              2  bad command line or input; nothing was written
              3  internal or I/O error""";

    private ExitCodes() {
    }
}
