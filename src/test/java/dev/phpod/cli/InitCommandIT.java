package dev.phpod.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/**
 * The same CLI tests against the packaged artifact: the runnable jar here, the native binary when
 * built with -Dnative (see native/README.md).
 */
@QuarkusMainIntegrationTest
class InitCommandIT extends InitCommandTest {
}
