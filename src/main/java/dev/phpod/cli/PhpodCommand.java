package dev.phpod.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "phpod", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Scaffolds the deployment of a PHP app on Kubernetes: nginx and php-fpm in one pod, "
                + "the code copied from the app image into a shared volume, as a Helm chart and per-environment values.",
        subcommands = { InitCommand.class, GenerateCommand.class, CheckCommand.class, CommandLine.HelpCommand.class, CompletionCommand.class },
        footer = { "", "Example:", "  phpod init --name shop --image registry.example.com/shop:1.4.2",
                "  kustomize build deploy/kustomize/overlays/prod | phpod check -",
                "  source <(phpod completion)        # completion of commands and options in bash or zsh", "", ExitCodes.HELP })
public class PhpodCommand {
}
