package dev.phpod.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import dev.phpod.cli.CliWiring;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import picocli.CommandLine;

/**
 * The CLI launched inside the one Quarkus application of a {@code @QuarkusTest} run, as the packaged
 * CLI runs it (the same beans, the same top command wired by {@link CliWiring#configure}), instead
 * of a Quarkus start per launch as {@code @QuarkusMainTest} does: the CLI tables (hundreds of
 * launches) take seconds instead of minutes. What it leaves out is the start itself, which the
 * packaged CLI's tests cover (InitCommandIT and BadDescriptorIT run the jar, NativeMatchesJarIT the
 * binary against the jar, on the same corpus).
 */
public final class InProcessCli implements QuarkusMainLauncher {

    /**
     * Launches phpod in the running application; its command factory is looked up at each launch,
     * so a test class that is not a {@code @QuarkusTest} can hold one it never uses.
     */
    @Override
    public LaunchResult launch(String... args) {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.isRunning()) {
            throw new IllegalStateException("InProcessCli launches phpod inside a @QuarkusTest's application; none is running");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = CliWiring.configure(arc.instance(PicocliCommandLineFactory.class).get().create());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        // phpod writes only through picocli's writers (nothing in src/main uses System.out or System.err).
        int exit = cmd.execute(args);
        List<String> outLines = out.toString().lines().toList();
        List<String> errLines = err.toString().lines().toList();
        return new LaunchResult() {
            @Override
            public List<String> getOutputStream() {
                return outLines;
            }

            @Override
            public List<String> getErrorStream() {
                return errLines;
            }

            @Override
            public int exitCode() {
                return exit;
            }
        };
    }
}
