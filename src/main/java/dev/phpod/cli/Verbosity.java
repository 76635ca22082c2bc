package dev.phpod.cli;

import dev.phpod.project.InputException;
import picocli.CommandLine.Option;

/** How much init and generate print: a summary by default, every file, or nothing but errors. */
public class Verbosity {
    @Option(names = { "-v", "--verbose" }, description = "List every file and what happened to it.")
    boolean verbose;

    @Option(names = { "-q", "--quiet" }, description = "Print nothing but errors.")
    boolean quiet;

    enum Level {
        QUIET, SUMMARY, EVERY_FILE
    }

    Level level() {
        if (verbose && quiet) {
            throw new InputException("--quiet: cannot be combined with --verbose; choose one");
        }
        return quiet ? Level.QUIET : verbose ? Level.EVERY_FILE : Level.SUMMARY;
    }
}
