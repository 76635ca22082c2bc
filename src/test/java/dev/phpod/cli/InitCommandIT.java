package dev.phpod.cli;

import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * The same CLI cases against the packaged artifact: the runnable jar here, the native binary when
 * built with -Dnative (see native/README.md).
 */
@QuarkusMainIntegrationTest
class InitCommandIT extends InitCommandCases {
    @BeforeEach
    void packaged(QuarkusMainLauncher packaged) {
        l = packaged;
    }
}
