package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.phpod.support.Manifests;
import io.fabric8.kubernetes.api.model.Container;

/**
 * The two preStop hooks against the marks they may meet, and racing each other. A kubelet runs
 * both hooks at the same moment: nginx's writes its stop mark while php-fpm's reads it, and a hook
 * that ends early sends its container SIGTERM, which cuts php-fpm's requests in flight.
 * <p>
 * Emulation, and what is real: the pod is the rendered Deployment played by podman (its images,
 * security contexts and shared /run/phpod emptyDir), with each container's process replaced by a
 * stand-in (sleep) so that one container pair can be stopped hundreds of times. The hooks run as
 * rendered, through podman exec as a kubelet's exec does, with the images' own shell, date, cat,
 * mv and sleep; only the process-control commands are shell functions defined before the hook:
 * {@code kill} (php-fpm's {@code kill -QUIT 1} records whether nginx still ran, i.e. whether its
 * pid file was still there; {@code kill -0 1} then says the process is gone) and {@code nginx}
 * (nginx -s quit removes the pid file, as an nginx without requests left does at once).
 * <p>
 * Each mark case also runs against the php-fpm hook phpod rendered before issue 27
 * (src/test/resources/hooks/before-issue-27), where it must fail: these cases can fail.
 */
class PreStopHooksIT {
    private static final String RUN = "/run/phpod";
    private static final String STUBS = String.join("\n",
            "kill() { case \"$1\" in",
            "  -QUIT) if [ -e " + RUN + "/nginx.pid ]; then echo quit-while-nginx-runs; else echo quit-after-nginx; fi >> " + RUN
                    + "/trace; : > " + RUN + "/fpm-quit ;;",
            "  -0) [ ! -e " + RUN + "/fpm-quit ] ;;",
            "  *) command kill \"$@\" ;;",
            "esac; }",
            "nginx() { rm -f " + RUN + "/nginx.pid; }",
            "");

    @TempDir
    static Path work;
    static PlayedPod pair;
    static String fpmHook;
    static String nginxHook;
    static String fpmHookBefore;
    static final Path BEFORE = Path.of("src/test/resources/hooks/before-issue-27");

    @BeforeAll
    static void playThePair() throws Exception {
        E2e.images();
        Path project = E2e.generate(work, "hooks");
        // drainSeconds 0: nginx's hook does not sleep, so hundreds of stops take a minute.
        String rendered = E2e.render(project, Map.of("shutdown.drainSeconds", 0));
        List<Container> containers = Manifests.parse(rendered).deployment().getSpec().getTemplate().getSpec().getContainers();
        fpmHook = hook(containers, "php-fpm");
        nginxHook = hook(containers, "nginx");
        fpmHookBefore = Files.readString(BEFORE.resolve("php-fpm.sh"), StandardCharsets.UTF_8);
        pair = PlayedPod.play(standIns(rendered), "phpod-e2e-hooks", false, work);
        for (String c : List.of("php-fpm", "nginx")) {
            assertEquals(0, pair.exec(c, "sh", "-c", "mkdir -p " + RUN + "/race && touch " + RUN + "/race").exit(), c + " writes " + RUN);
        }
    }

    @AfterAll
    static void removeThePair() {
        if (pair != null) {
            pair.close();
        }
    }

    static String hook(List<Container> containers, String name) {
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow()
                .getLifecycle().getPreStop().getExec().getCommand().get(2);
    }

    /** The Deployment with each container's process replaced by sleep (see the class comment). */
    @SuppressWarnings("unchecked")
    static String standIns(String rendered) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> docs = new ArrayList<>();
        for (Object o : yaml.loadAll(rendered)) {
            if (o instanceof Map<?, ?> doc && "Deployment".equals(doc.get("kind"))) {
                Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
                        .get("template")).get("spec");
                for (Object c : (List<Object>) spec.get("containers")) {
                    ((Map<String, Object>) c).put("command", List.of("sleep", "infinity"));
                    ((Map<String, Object>) c).remove("args");
                }
            }
            if (o != null) {
                docs.add(o);
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dumpAll(docs.iterator());
    }

    /** What nginx's side shows php-fpm's hook when the pod stops: the mark as written. */
    record Mark(String name, String setup, String later, boolean podStops, boolean oldHookFails) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Mark FRESH = new Mark("a fresh mark", "date +%s > " + RUN + "/nginx-stopping", "", true, false);

    static Stream<Mark> marks() {
        String mark = RUN + "/nginx-stopping";
        return Stream.of(
                FRESH,
                new Mark("an empty mark (truncated, never written)", ": > " + mark, "", true, true),
                new Mark("a mark written mid-read (empty, then written)", ": > " + mark, "date +%s > " + mark, true, true),
                new Mark("a garbled mark (two numbers)", "echo \"$(date +%s) $(date +%s)\" > " + mark, "", true, true),
                new Mark("a garbled mark (letters)", "echo abc > " + mark, "", true, true),
                new Mark("a garbled mark (a time and junk)", "echo \"$(date +%s)x\" > " + mark, "", true, true),
                new Mark("a garbled mark (leading zero)", "echo \"0$(date +%s)\" > " + mark, "", true, true),
                new Mark("a garbled mark (negative)", "echo -5 > " + mark, "", true, true),
                new Mark("a garbled mark (binary)", "printf '\\001\\377\\n\\000' > " + mark, "", true, true),
                // The old hook passed this one by luck: dash's arithmetic saturates a long literal.
                new Mark("a garbled mark (too long for the shell)", "echo 99999999999999999999999 > " + mark, "", true, false),
                new Mark("no mark (php-fpm restarts alone)", "", "", false, false),
                new Mark("a stale mark (nginx restarted alone a minute ago)", "echo $(( $(date +%s) - 60 )) > " + mark, "", false, false));
    }

    /** One stop of php-fpm's hook: exit code, what kill -QUIT saw, and how long it took. */
    record Stop(int exit, String trace, long millis, String output) {
    }

    static Stop stopPhpFpm(String hook, Mark mark) throws Exception {
        String reset = "rm -rf " + RUN + "/nginx-stopping* " + RUN + "/trace " + RUN + "/fpm-quit; echo 1 > " + RUN + "/nginx.pid; "
                + mark.setup();
        assertEquals(0, pair.exec("nginx", "sh", "-c", reset).exit(), reset);
        long start = System.nanoTime();
        CompletableFuture<Podman.Result> run = CompletableFuture.supplyAsync(() -> pair.exec("php-fpm", "sh", "-c", STUBS + hook));
        if (!mark.later().isEmpty()) {
            Thread.sleep(300);
            pair.exec("nginx", "sh", "-c", mark.later());
        }
        if (mark.podStops()) {
            // nginx drains (5 s by default), then exits and removes its pid file: after the 2 s in
            // which php-fpm's hook looks for the mark, so a hook that did not wait is seen.
            Thread.sleep(3500);
            pair.exec("nginx", "rm", "-f", RUN + "/nginx.pid");
        }
        Podman.Result r = run.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String trace = pair.exec("php-fpm", "sh", "-c", "cat " + RUN + "/trace 2>/dev/null || true").out().strip();
        return new Stop(r.exit(), trace, millis, (r.out() + r.err()).strip());
    }

    /** A hook that did its job: ran to the end, and stopped php-fpm after nginx when the pod stops, at once when not. */
    static String judge(Mark mark, Stop stop) {
        if (stop.exit() != 0) {
            return "exit " + stop.exit() + " (" + stop.output() + ")";
        }
        String want = mark.podStops() ? "quit-after-nginx" : "quit-while-nginx-runs";
        if (!want.equals(stop.trace())) {
            return "php-fpm told to quit: '" + stop.trace() + "', wanted " + want;
        }
        if (!mark.podStops() && stop.millis() > 6000) {
            return "php-fpm restarting alone waited " + stop.millis() + " ms for an nginx that stays";
        }
        return "";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("marks")
    void phpFpmsHookWaitsForNginxWhateverTheMarkHolds(Mark mark) throws Exception {
        Stop stop = stopPhpFpm(fpmHook, mark);
        assertEquals("", judge(mark, stop), mark + ": " + stop);
    }

    static Stream<Mark> marksTheOldHookGotWrong() {
        return marks().filter(Mark::oldHookFails);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("marksTheOldHookGotWrong")
    void theHookBeforeIssue27FailsTheSameCase(Mark mark) throws Exception {
        Stop stop = stopPhpFpm(fpmHookBefore, mark);
        assertTrue(!judge(mark, stop).isEmpty(), "the hook before issue 27 passed " + mark + ": " + stop);
    }

    @Test
    void theOldHookPassesAFreshMarkSoTheHarnessIsFair() throws Exception {
        Stop stop = stopPhpFpm(fpmHookBefore, FRESH);
        assertEquals("", judge(FRESH, stop), stop.toString());
    }

    /**
     * Both hooks, as rendered, started together hundreds of times in the one container pair (each side
     * waits for a go file, polled every 5 ms, as two exec calls of a kubelet start within
     * milliseconds of each other). Every stop must end by design: both hooks exit 0 and php-fpm is
     * told to quit only after nginx is gone. The loops run inside the containers; the test bounds
     * the whole run in time. phpod.e2e.hookRaces sets the number of stops;
     * phpod.e2e.raceHooks=before-issue-27 races the hooks of before the fix instead.
     */
    @Test
    void theTwoHooksRacingHundredsOfTimesNeverEndEarly() throws Exception {
        int stops = Integer.getInteger("phpod.e2e.hookRaces", 200);
        boolean before = "before-issue-27".equals(System.getProperty("phpod.e2e.raceHooks"));
        String fpmHook = before ? fpmHookBefore : PreStopHooksIT.fpmHook;
        String nginxHook = before ? Files.readString(BEFORE.resolve("nginx.sh"), StandardCharsets.UTF_8) : PreStopHooksIT.nginxHook;
        String race = RUN + "/race";
        pair.exec("nginx", "sh", "-c", "rm -rf " + race + "/*");
        Files.writeString(work.resolve("fpm-hook.sh"), STUBS + fpmHook);
        Files.writeString(work.resolve("nginx-hook.sh"), STUBS + nginxHook);
        assertEquals(0, Podman.podman("cp", work.resolve("fpm-hook.sh").toString(), pair.container("php-fpm") + ":" + race + "/fpm-hook.sh").exit());
        assertEquals(0, Podman.podman("cp", work.resolve("nginx-hook.sh").toString(), pair.container("nginx") + ":" + race + "/nginx-hook.sh").exit());
        String await = "while [ ! -e " + race + "/$1 ]; do sleep 0.005; done";
        String fpmSide = String.join("\n",
                "await() { " + await + "; }",
                "i=1",
                "while [ $i -le " + stops + " ]; do",
                "  rm -f " + RUN + "/nginx-stopping " + RUN + "/trace " + RUN + "/fpm-quit; echo 1 > " + RUN + "/nginx.pid",
                "  : > " + race + "/go-$i",
                "  sh -c \"$(cat " + race + "/fpm-hook.sh)\" >> " + race + "/fpm.log 2>&1; rc=$?",
                "  await done-$i",
                "  echo \"$i $rc $(cat " + RUN + "/trace 2>/dev/null | tr '\\n' ' ')\" >> " + race + "/results",
                "  i=$((i + 1))",
                "done");
        String nginxSide = String.join("\n",
                "await() { " + await + "; }",
                "i=1",
                "while [ $i -le " + stops + " ]; do",
                "  await go-$i",
                "  sh -c \"$(cat " + race + "/nginx-hook.sh)\" >> " + race + "/nginx.log 2>&1; echo \"$i $?\" >> " + race + "/nginx-exits",
                "  : > " + race + "/done-$i",
                "  i=$((i + 1))",
                "done");
        long start = System.nanoTime();
        CompletableFuture<Podman.Result> nginxRuns = CompletableFuture.supplyAsync(() -> Podman.run(null, 600, "podman", "exec",
                pair.container("nginx"), "sh", "-c", nginxSide));
        Podman.Result fpmRuns = Podman.run(null, 600, "podman", "exec", pair.container("php-fpm"), "sh", "-c", fpmSide);
        Podman.Result nginxRan = nginxRuns.get();
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertEquals(0, fpmRuns.exit(), fpmRuns.err());
        assertEquals(0, nginxRan.exit(), nginxRan.err());
        List<String> results = pair.exec("php-fpm", "cat", race + "/results").out().strip().lines().toList();
        List<String> nginxExits = pair.exec("nginx", "cat", race + "/nginx-exits").out().strip().lines().toList();
        assertEquals(stops, results.size(), "every stop ran");
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (String line : results) {
            String[] f = line.strip().split(" ", 3);
            String outcome = "0".equals(f[1]) && f.length == 3 && f[2].strip().equals("quit-after-nginx") ? "ended by design"
                    : "php-fpm hook exit " + f[1] + ", " + (f.length == 3 ? f[2].strip() : "never told php-fpm to quit");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        long nginxFailed = nginxExits.stream().filter(l -> !l.endsWith(" 0")).count();
        System.out.printf("preStop race (%s hooks): %d stops in %d s: %s; nginx hook failures %d%n", before ? "before-issue-27" : "today's",
                stops, seconds, outcomes, nginxFailed);
        assertEquals(Map.of("ended by design", stops), outcomes, "php-fpm's hook: " + pair.exec("php-fpm", "tail", "-5", race + "/fpm.log").out());
        assertEquals(0, nginxFailed, "nginx's hook: " + pair.exec("nginx", "tail", "-5", race + "/nginx.log").out());
    }
}
