package dev.phpod.cli;

import io.quarkus.test.junit.QuarkusTest;

/** {@link InitCommandCases} in process: phpod launched inside the test run's Quarkus application. */
@QuarkusTest
public class InitCommandTest extends InitCommandCases {
}
