package dev.phpod.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The bad-descriptor corpus against the packaged phpod: the jar, or the native binary after -Dnative. */
@QuarkusMainIntegrationTest
class BadDescriptorIT extends BadDescriptorTest {
}
