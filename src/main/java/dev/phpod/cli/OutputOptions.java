package dev.phpod.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
public class OutputOptions {
    @Option(names = { "-e", "--verbose" }, description = "Print stack traces of internal errors.")
    boolean verbose;
}
