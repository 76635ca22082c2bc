package dev.phpod.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phpod.support.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled native-image toolchain (native/toolchain/assemble.sh, as native/README.md runs it)
 * and its C support libraries, checked against the kernel's own view: a test driver
 * (src/test/native/toolchain-probe.c) links liblibchelper.a and libsvm_container.a as a native
 * image does, then the CPU features it detects are compared with /proc/cpuinfo and with what their
 * instructions do, and the container
 * limits it reads with the limits podman sets on a container it runs in.
 */
class NativeToolchainIT {

    @TempDir
    static Path tmp;

    static Path home;
    static Path probe;

    record Result(int exit, String out) {
    }

    static Result run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), String.join(" ", cmd));
        return new Result(p.exitValue(), out);
    }

    static Result run(String... cmd) throws Exception {
        return run(Map.of(), cmd);
    }

    /** A script's result: its one line of stdout (its log goes to stderr, shown here as it runs). */
    static String resultOf(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed (its message is above)");
        assertTrue(out.endsWith("\n") && out.indexOf('\n') == out.length() - 1, "one line of result on stdout: '" + out + "'");
        return out.strip();
    }

    @BeforeAll
    static void assemble() throws Exception {
        if (RequiredTool.find("gcc").isEmpty()) {
            RequiredTool.missing("gcc is missing");
        }
        home = Path.of(resultOf("bash", "native/toolchain/assemble.sh"));
        Path clibraries = home.resolve("lib/svm/clibraries/linux-amd64");
        probe = tmp.resolve("rootfs/probe");
        Files.createDirectories(probe.getParent());
        Result cc = run("gcc", "-static", "-O2", "-I" + clibraries.resolve("include"), "src/test/native/toolchain-probe.c",
                "-L" + clibraries.resolve("glibc"), "-llibchelper", "-lsvm_container", "-o", probe.toString());
        assertEquals(0, cc.exit(), cc.out());
    }

    static Map<String, String> report(String out) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), line.substring(space + 1));
        }
        return values;
    }

    @Test
    void theHomeIsLaidOutAsAGraalVmHomeAndItsLauncherAnswers() throws Exception {
        for (String file : List.of("bin/native-image", "bin/java", "lib/static/linux-amd64/glibc/libjava.a",
                "lib/svm/builder/svm-25.0.2.jar", "lib/svm/builder/lib/libreporterchelper.so",
                "lib/svm/clibraries/linux-amd64/include/amd64cpufeatures.h", "lib/svm/clibraries/linux-amd64/glibc/libjvm.a")) {
            assertTrue(Files.exists(home.resolve(file)), file + " in " + home);
        }
        Result version = run(home.resolve("bin/native-image").toString(), "--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().startsWith("native-image 25.0.2 "), version.out());
        Result javaHome = run(home.resolve("bin/java").toString(), "-XshowSettings:properties", "-version");
        assertTrue(javaHome.out().contains("java.home = " + home), "the builder's JVM sees the toolchain as its home: " + javaHome.out());
        Result unknown = run(home.resolve("bin/native-image").toString(), "--frobnicate", "-jar", "x.jar");
        assertEquals(2, unknown.exit(), unknown.out());
        assertEquals("native-image: --frobnicate (from the command line) is not an option this launcher knows; give its -H: form, "
                + "or build with a GraalVM or Mandrel\n", unknown.out());
        assertEquals(home.toString(), resultOf("bash", "native/toolchain/assemble.sh"), "a second run finds the home in the cache");
    }

    @Test
    void theLauncherTurnsANativeImageCommandLineIntoTheBuildersOwn() throws Exception {
        // An application jar as Quarkus makes one: a main class, a manifest class path, configuration
        // under META-INF/native-image, and a library whose configuration is excluded.
        Path dir = Files.createDirectories(tmp.resolve("launcher"));
        Path lib = dir.resolve("lib/io.example.lib-1.jar");
        Files.createDirectories(lib.getParent());
        jar(lib, null, Map.of("META-INF/native-image/io.example/lib/reflect-config.json", "[]",
                "META-INF/native-image/io.example/lib/native-image.properties", "Args = --initialize-at-run-time=io.example.Late"));
        Path app = dir.resolve("app-runner.jar");
        jar(app, "lib/io.example.lib-1.jar", Map.of("META-INF/native-image/resource-config.json", "{}"));

        String nativeImage = home.resolve("bin/native-image").toString();
        Result r = run(nativeImage, "--dry-run", "--no-fallback", "--features=a.B", "-J-Dx=y", "app", "-jar", app.toString());
        assertEquals(0, r.exit(), r.out());
        List<String> cmd = r.out().lines().toList();
        assertEquals(home.resolve("bin/java").toString(), cmd.get(0));
        for (String expected : List.of("-XX:+EnableJVMCI", "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1", "-Dx=y",
                "-H:FallbackThreshold@user+api=0", "-H:Features@user+api=a.B", "-H:Name@user+api=app", "-H:Class@user+api=io.example.Main",
                "-H:ResourceConfigurationResources@user+api=META-INF/native-image/resource-config.json",
                "-H:ReflectionConfigurationResources@user+api=META-INF/native-image/io.example/lib/reflect-config.json",
                "-H:ClassInitialization@user+api=io.example.Late:run_time", app + ":" + lib)) {
            assertTrue(cmd.contains(expected), expected + " in:\n" + r.out());
        }
        assertTrue(cmd.stream().anyMatch(a -> a.startsWith("-H:ImageBuildID@driver=")), r.out());

        Result excluded = run(nativeImage, "--dry-run", "--exclude-config", "io\\.example\\.lib", "/META-INF/native-image/io\\.example/lib/.*",
                "-jar", app.toString());
        assertEquals(0, excluded.exit(), excluded.out());
        assertTrue(excluded.out().contains("ResourceConfigurationResources"), excluded.out());
        assertTrue(!excluded.out().contains("ReflectionConfigurationResources") && !excluded.out().contains("io.example.Late"),
                "--exclude-config leaves the library's configuration out:\n" + excluded.out());
    }

    static void jar(Path file, String classPath, Map<String, String> entries) throws Exception {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "io.example.Main");
            manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classPath);
        }
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    @Test
    void aGraalVmHomeOrANativeImageOnThePathIsTheFirstChoice() throws Exception {
        Path graal = Files.createDirectories(tmp.resolve("graalvm/bin"));
        Files.writeString(graal.resolve("native-image"), "#!/bin/sh\n");
        graal.resolve("native-image").toFile().setExecutable(true);
        Path link = tmp.resolve("choice/native-toolchain");

        Result fromHome = run(Map.of("GRAALVM_HOME", graal.getParent().toString()), "bash", "native/toolchain/graalvm-home.sh", link.toString());
        assertEquals(0, fromHome.exit(), fromHome.out());
        assertEquals(graal.getParent(), link.toRealPath(), fromHome.out());

        Result fromPath = run(Map.of("GRAALVM_HOME", "", "PATH", graal + ":" + System.getenv("PATH")), "bash", "native/toolchain/graalvm-home.sh",
                link.toString());
        assertEquals(0, fromPath.exit(), fromPath.out());
        assertEquals(graal.getParent(), link.toRealPath(), "the home of the native-image on PATH: " + fromPath.out());

        Result assembled = run(Map.of("GRAALVM_HOME", ""), "bash", "native/toolchain/graalvm-home.sh", link.toString());
        assertEquals(0, assembled.exit(), assembled.out());
        assertEquals(home.toRealPath(), link.toRealPath(), "neither: the assembled toolchain: " + assembled.out());
    }

    /**
     * What CPUID says (through the toolchain's libchelper, as a native image reads it) against what
     * the processor does. The kernel's flags confirm most features; a hypervisor may hide a flag from
     * /proc/cpuinfo that CPUID reports and the processor executes (seen: LZCNT and SSE4A on an AMD
     * EPYC virtual machine), so where the two disagree the feature's instruction settles it. Every
     * detected feature that has an instruction probe must also run it: a binary built for a feature
     * the processor lacks dies on its first use of it.
     */
    @Test
    void theCpuFeaturesAreTheOnesTheProcessorHas() throws Exception {
        Map<String, String> kernelName = new LinkedHashMap<>();
        for (String pair : ("CX8=cx8 CMOV=cmov FXSR=fxsr HT=ht MMX=mmx SSE=sse SSE2=sse2 SSE3=pni SSSE3=ssse3 SSE4_1=sse4_1 "
                + "SSE4_2=sse4_2 POPCNT=popcnt LZCNT=abm TSC=tsc AVX=avx AVX2=avx2 AES=aes ERMS=erms CLMUL=pclmulqdq BMI1=bmi1 "
                + "BMI2=bmi2 ADX=adx AVX512F=avx512f AVX512DQ=avx512dq AVX512CD=avx512cd AVX512BW=avx512bw AVX512VL=avx512vl "
                + "SHA=sha_ni FMA=fma F16C=f16c RDTSCP=rdtscp RDPID=rdpid FLUSH=clflush FLUSHOPT=clflushopt CLWB=clwb "
                + "HV=hypervisor GFNI=gfni SERIALIZE=serialize PKU=pku FSRM=fsrm AVX512_VNNI=avx512_vnni "
                + "AVX512_VBMI=avx512vbmi AVX512_VBMI2=avx512_vbmi2 AVX512_BITALG=avx512_bitalg "
                + "AVX512_VPOPCNTDQ=avx512_vpopcntdq AVX512_IFMA=avx512ifma SSE4A=sse4a AMD_3DNOW_PREFETCH=3dnowprefetch").split(" ")) {
            kernelName.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        String flagsLine = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst().orElseThrow();
        Set<String> flags = Set.copyOf(Arrays.asList(flagsLine.substring(flagsLine.indexOf(':') + 1).trim().split("\\s+")));
        Map<String, String> detected = report(run(probe.toString()).out());
        Map<String, String> executed = report(run(probe.toString(), "insn").out());
        assertTrue(executed.size() >= 20, "the instruction probes ran: " + executed);
        List<String> differences = new ArrayList<>();
        List<String> byKernel = new ArrayList<>();
        List<String> byInstruction = new ArrayList<>();
        kernelName.forEach((feature, flag) -> {
            boolean cpuid = "1".equals(detected.get("cpu " + feature));
            String insn = executed.get("insn " + feature);
            if (cpuid && "0".equals(insn)) {
                differences.add(feature + " detected, but its instruction faults or gives another result");
            } else if (cpuid == flags.contains(flag)) {
                byKernel.add(feature);
            } else if (!cpuid) {
                differences.add(feature + " missed, the kernel has " + flag);
            } else if ("1".equals(insn)) {
                byInstruction.add(feature + " (the kernel hides " + flag + ")");
            } else {
                differences.add(feature + " detected, the kernel has no " + flag + " and no instruction probe settles it: add one to toolchain-probe.c");
            }
        });
        System.out.println("CPU features confirmed by the kernel's flags: " + byKernel.size() + "; by their instruction: "
                + (byInstruction.isEmpty() ? "none" : String.join(", ", byInstruction)));
        assertEquals(List.of(), differences);
        assertTrue(kernelName.keySet().stream().anyMatch(f -> "1".equals(detected.get("cpu " + f))), "some feature detected");

        // The image's start check: a feature this CPU has passes, one it lacks refuses.
        assertEquals("check CX8 0", run(probe.toString(), "check", "CX8").out().strip());
        String absent = List.of("SERIALIZE", "PKU", "AVX512F", "SHA", "APX_F", "AVX10_2").stream()
                .filter(f -> !"1".equals(detected.getOrDefault("cpu " + f, "0"))).findFirst().orElseThrow();
        assertEquals("check " + absent + " 1", run(probe.toString(), "check", absent).out().strip());
    }

    @Test
    void containerLimitsAreTheOnesPodmanSets() throws Exception {
        if (RequiredTool.find("podman").isEmpty()) {
            RequiredTool.missing("podman is missing");
        }
        String rootfs = probe.getParent().toString();
        Map<String, String> limited = report(run("podman", "run", "--rm", "--memory", "300m", "--memory-swap", "400m", "--cpus", "1.5",
                "--rootfs", rootfs, "/probe").out());
        assertEquals("1", limited.get("containerized"), limited.toString());
        assertEquals(String.valueOf(300L << 20), limited.get("memory"));
        assertEquals(String.valueOf(400L << 20), limited.get("memory+swap"));
        int host = Runtime.getRuntime().availableProcessors();
        assertEquals(String.valueOf(Math.min(2, host)), limited.get("processors"), "1.5 CPUs round up to 2");

        Map<String, String> oneCpu = report(run("podman", "run", "--rm", "--cpus", "1", "--rootfs", rootfs, "/probe").out());
        assertEquals("1", oneCpu.get("processors"));
        assertEquals("-1", oneCpu.get("memory"), "no memory limit");
        Map<String, String> pinned = report(run("podman", "run", "--rm", "--cpuset-cpus", "0", "--rootfs", rootfs, "/probe").out());
        assertEquals("1", pinned.get("processors"), "a CPU set counts");
    }

    @Test
    void localeAndTimeZoneAreReadAsTheJdkReadsThem() throws Exception {
        assertEquals("en/US", report(run(Map.of("LC_ALL", "C"), probe.toString()).out()).get("locale"));
        assertEquals("en/-", report(run(Map.of("LC_ALL", "C.UTF-8"), probe.toString()).out()).get("locale"));
        assertEquals("Europe/Berlin", report(run(Map.of("TZ", "Europe/Berlin"), probe.toString()).out()).get("tz"));
        assertEquals("America/New_York", report(run(Map.of("TZ", ":America/New_York"), probe.toString()).out()).get("tz"));
        assertEquals("Asia/Tokyo", report(run(Map.of("TZ", "/usr/share/zoneinfo/Asia/Tokyo"), probe.toString()).out()).get("tz"));
    }
}
