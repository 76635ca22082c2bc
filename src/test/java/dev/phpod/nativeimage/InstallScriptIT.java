package dev.phpod.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.phpod.support.Packaged;

/**
 * The release a user installs: './mvnw package -Dnative' writes target/phpod-VERSION-linux-ARCH.tar.gz
 * with its SHA-256 (scripts/package-release.sh), and scripts/install.sh, as the README gives it, puts
 * a working phpod and its completion under a prefix. Runs after {@code ./mvnw verify -Dnative},
 * which CI runs; without the archive it fails in CI and is skipped elsewhere.
 */
class InstallScriptIT {
    @TempDir
    Path tmp;

    static Path archive;

    @BeforeAll
    static void theArchive() throws IOException {
        List<Path> found;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            found = s.filter(p -> p.getFileName().toString().matches("phpod-.*-linux-[a-z0-9_]+\\.tar\\.gz")).toList();
        }
        if ("true".equals(System.getenv("CI"))) {
            assertNotNull(Packaged.nativeBinary(), "CI builds the native binary and its archive (./mvnw verify -Dnative)");
            assertEquals(1, found.size(), "one release archive in target/: " + found);
        }
        assumeTrue(found.size() == 1, "no release archive: build with ./mvnw package -Dnative");
        archive = found.get(0).toAbsolutePath();
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... command) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theArchiveInstallsAWorkingPhpodAndItsCompletion() throws Exception {
        String sums = Files.readString(Path.of(archive + ".sha256"));
        assertTrue(run("bash", "-c", "cd " + archive.getParent() + " && sha256sum -c " + archive.getFileName() + ".sha256").exit() == 0, sums);

        Path prefix = tmp.resolve("prefix");
        Run install = run("bash", "scripts/install.sh", archive.toString(), prefix.toString());
        assertEquals(0, install.exit(), install.out() + install.err());
        Path phpod = prefix.resolve("bin/phpod");
        assertTrue(install.out().startsWith("install.sh: installed phpod "), install.out());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(phpod)));
        Run version = run(phpod.toString(), "--version");
        assertEquals(run(Packaged.command("--version").toArray(String[]::new)).out(), version.out(), "the installed phpod is the build's");

        // The completion phpod prints and the one installed agree, and bash takes it.
        String printed = run(phpod.toString(), "completion").out();
        Path bash = prefix.resolve("share/bash-completion/completions/phpod");
        assertEquals(printed, Files.readString(bash, StandardCharsets.UTF_8));
        String zsh = Files.readString(prefix.resolve("share/zsh/site-functions/_phpod"));
        assertTrue(zsh.startsWith("#compdef phpod\n") && zsh.endsWith(printed), "zsh gets the same script through bashcompinit");
        Run complete = run("bash", "-c", "source " + bash + " && complete -p phpod && COMP_WORDS=(phpod ge) COMP_CWORD=1 _complete_phpod && echo ${COMPREPLY[@]}");
        assertEquals(0, complete.exit(), complete.err());
        assertTrue(complete.out().contains("_complete_phpod phpod") && complete.out().contains("generate"), complete.out());

        // Again over the installed one: replaced, said so.
        Run again = run("bash", "scripts/install.sh", archive.toString(), prefix.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().startsWith("install.sh: replaced " + phpod + " (phpod "), again.out());
    }

    /** The README's install line, as written, for a user whose home is a temporary folder. */
    @Test
    void theReadmesInstallLineWorks() throws Exception {
        String line = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith("scripts/install.sh ")).findFirst()
                .orElseThrow(() -> new AssertionError("the README's Quick start gives the install line"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line + " && phpod --version && command -v phpod")
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\nphpod ") && out.endsWith(home.resolve(".local/bin/phpod") + "\n"), out);
    }

    @Test
    void aDamagedArchiveOrALinkInstallsNothing() throws Exception {
        // A copy whose checksum file names other bytes.
        Path copy = tmp.resolve(archive.getFileName());
        Files.copy(archive, copy);
        Files.writeString(Path.of(copy + ".sha256"), "0".repeat(64) + "  " + copy.getFileName() + "\n");
        Path prefix = tmp.resolve("prefix");
        Run bad = run("bash", "scripts/install.sh", copy.toString(), prefix.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("install.sh: ARCHIVE: ") && bad.err().contains("does not match"), bad.err());
        assertFalse(Files.exists(prefix), "nothing written");

        // Not an archive at all.
        Path junk = tmp.resolve("junk.tar.gz");
        Files.writeString(junk, "not gzip");
        Run notTar = run("bash", "scripts/install.sh", junk.toString(), prefix.toString());
        assertEquals(1, notTar.exit());
        assertEquals(1, notTar.err().strip().lines().count(), notTar.err());
        assertFalse(Files.exists(prefix), "nothing written");

        // A link where phpod would go is refused, not written through.
        Path elsewhere = Files.writeString(tmp.resolve("someone-elses-file"), "keep me");
        Files.createDirectories(prefix.resolve("bin"));
        Files.createSymbolicLink(prefix.resolve("bin/phpod"), elsewhere);
        Run link = run("bash", "scripts/install.sh", archive.toString(), prefix.toString());
        assertEquals(1, link.exit());
        assertTrue(link.err().contains("is a symbolic link"), link.err());
        assertEquals("keep me", Files.readString(elsewhere));
        List<String> left = new ArrayList<>();
        try (Stream<Path> s = Files.walk(prefix)) {
            s.forEach(p -> left.add(prefix.relativize(p).toString()));
        }
        assertEquals(List.of("", "bin", "bin/phpod"), left, "only the link was there, and it still is");
    }
}
