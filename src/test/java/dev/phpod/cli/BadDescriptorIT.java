package dev.phpod.cli;

import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** The bad-descriptor corpus against the packaged phpod: the jar, or the native binary after -Dnative. */
@QuarkusMainIntegrationTest
class BadDescriptorIT extends BadDescriptorCases {
    @BeforeEach
    void packaged(QuarkusMainLauncher packaged) {
        l = packaged;
    }
}
