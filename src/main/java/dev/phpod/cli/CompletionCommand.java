package dev.phpod.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the completion script of phpod's commands and options, made by picocli from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = { "Prints a bash (and zsh) completion script for phpod's commands and options.",
                "Load it in the current shell with: source <(phpod completion)",
                "or install it: phpod completion > /etc/bash_completion.d/phpod" },
        footer = { "", ExitCodes.HELP })
public class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine top = spec.parent().commandLine();
        String script = AutoComplete.bash("phpod", top);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
