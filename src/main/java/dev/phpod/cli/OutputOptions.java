package dev.phpod.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command shares about output: where it goes, and how much of an internal error is shown. */
public class OutputOptions {
    static final String ERRORS = "--errors";

    @Option(names = { "-e", ERRORS }, description = "Print stack traces of internal errors.")
    boolean errors;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The command's standard output (the tests capture it). */
    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** The command's standard error: one line per problem. */
    PrintWriter err() {
        return mixee.commandLine().getErr();
    }
}
