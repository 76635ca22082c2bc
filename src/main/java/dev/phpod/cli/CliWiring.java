package dev.phpod.cli;

import java.io.PrintWriter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.phpod.project.InputException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The one place where the command line is wired: exit codes, error printing, no stack traces for
 * users. Both the packaged CLI and the tests run through it.
 */
@ApplicationScoped
public class CliWiring {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    public static CommandLine configure(CommandLine cmd) {
        cmd.setUsageHelpWidth(100);
        CommandLine check = cmd.getSubcommands().get("check");
        if (check != null) {
            CheckCommand.describe(check.getCommandSpec());
        }
        cmd.setParameterExceptionHandler(CliWiring::badCommandLine);
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof InputException) {
                err.println("phpod: " + ex.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
            if (ex instanceof dev.phpod.check.ClusterException) {
                err.println("phpod: " + ex.getMessage());
                err.flush();
                return ExitCodes.SOFTWARE;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                Throwable io = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
                err.println("phpod: " + ioMessage(io) + (verbose(parsed) ? "" : " (run again with -e for the stack trace)"));
            } else {
                err.println("phpod: internal error: " + ex + (verbose(parsed) ? "" : " (run again with -e for the stack trace)"));
            }
            if (verbose(parsed)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.SOFTWARE;
        });
        return cmd;
    }

    /** An I/O failure as a person reads it: what, where, and why, without Java's class names. */
    static String ioMessage(Throwable io) {
        if (io instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile() + "; check its owner and mode";
        }
        if (io instanceof java.nio.file.NoSuchFileException n) {
            return "cannot write or read " + n.getFile() + ": no such file or folder";
        }
        if (io instanceof java.nio.file.FileSystemException f) {
            return "cannot write or read " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        return "cannot write or read files: " + (io.getMessage() == null ? "an I/O error" : io.getMessage());
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption(OutputOptions.ERRORS)) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }

    /** One line: what was wrong, the closest known option or command when there is one, where the help is. */
    private static int badCommandLine(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        String message = ex.getMessage().replaceAll("\\s+", " ").strip().replaceAll("[.:]$", "");
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            java.util.Set<String> known = new java.util.TreeSet<>(first.startsWith("-")
                    ? c.getCommandSpec().optionsMap().keySet()
                    : c.getSubcommands().keySet());
            hint = dev.phpod.project.Suggest.closest(first.replaceAll("=.*", ""), known).map(x -> "; did you mean '" + x + "'?").orElse("");
        }
        err.println("phpod: " + message + hint + "; see '" + c.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }
}
