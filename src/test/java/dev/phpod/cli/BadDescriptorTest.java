package dev.phpod.cli;

import io.quarkus.test.junit.QuarkusTest;

/** {@link BadDescriptorCases} in process: phpod launched inside the test run's Quarkus application. */
@QuarkusTest
class BadDescriptorTest extends BadDescriptorCases {
}
