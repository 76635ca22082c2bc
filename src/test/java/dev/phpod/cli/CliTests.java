package dev.phpod.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import dev.phpod.support.InProcessCli;

/**
 * What the CLI tables share (each a {@code @QuarkusTest}): {@code l}, the CLI launched inside the
 * test run's one Quarkus application (see {@link InProcessCli}), one start for every launch.
 */
abstract class CliTests {
    @Inject
    PicocliCommandLineFactory factory;

    QuarkusMainLauncher l;

    @BeforeEach
    void launcher() {
        l = new InProcessCli(factory);
    }
}
