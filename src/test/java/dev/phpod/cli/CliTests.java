package dev.phpod.cli;

import io.quarkus.test.junit.main.QuarkusMainLauncher;

import dev.phpod.support.InProcessCli;

/**
 * What the CLI tables share: {@code l}, the CLI they launch. In a {@code @QuarkusTest} (the unit
 * tables) it is phpod launched inside the test run's one Quarkus application (see
 * {@link InProcessCli}), one start for every launch. The packaged tables
 * ({@code @QuarkusMainIntegrationTest}: the jar, or the native binary) extend the same cases and set
 * {@code l} to the packaged artifact's launcher before each test. The test annotation sits on the
 * leaf classes only, and nothing here is injected: Quarkus loads a class as a {@code @QuarkusTest}
 * when any class above it is one, and refuses {@code @Inject} anywhere in an integration test.
 */
abstract class CliTests {
    QuarkusMainLauncher l = new InProcessCli();
}
