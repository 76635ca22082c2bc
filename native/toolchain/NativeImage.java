/*
 * The native-image launcher of phpod's assembled toolchain (native/README.md), written for
 * phpod: GraalVM's own driver (svm-driver) is not published where these machines reach, the
 * builder it starts is. This launcher turns a native-image command line, as Quarkus and users
 * write it, into the builder's: the builder's modules on the module path with the Graal compiler
 * upgrading the JDK's, JVMCI enabled, the JDK's packages exported to the builder, the C
 * libraries of this toolchain, and the usual "--" options as the builder's "-H:" options. An
 * option it does not know is refused by name (use its -H: form, or a GraalVM or Mandrel).
 *
 * Run by bin/native-image as a source-file program on the toolchain's own JDK:
 *   java -Dphpod.toolchain.home=HOME NativeImage.java [native-image options]
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

public final class NativeImage {
    static final String GRAAL_VERSION = "25.0.2";
    /* Quarkus accepts only the vendor strings it knows; the builder is GraalVM CE's. */
    static final String VENDOR_VERSION = "GraalVM CE 25.0.2+10.1";
    static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    static final String COMPILER_MODULE = "jdk.graal.compiler";

    /* "--name=value" and "--name" options of native-image, as the builder's options. */
    static final Map<String, String> VALUED = Map.of(
            "--features", "-H:Features=",
            "--enable-url-protocols", "-H:EnableURLProtocols=",
            "--enable-monitoring", "-H:EnableMonitoringFeatures=",
            "--enable-native-access", "-H:EnableNativeAccess=",
            "--link-at-build-time", "-H:LinkAtBuildTime=",
            "--initialize-at-build-time", "-H:ClassInitialization=",
            "--initialize-at-run-time", "-H:ClassInitialization=");
    static final Map<String, String> FLAGS = Map.of(
            "--no-fallback", "-H:FallbackThreshold=0",
            "--link-at-build-time", "-H:LinkAtBuildTime=",
            "--enable-monitoring", "-H:EnableMonitoringFeatures=all",
            "--static", "-H:+StaticExecutable",
            "--verbose", "");

    /* Configuration files a jar carries under META-INF/native-image, by file name. */
    static final Map<String, String> CONFIG_FILES = Map.of(
            "reflect-config.json", "ReflectionConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "jni-config.json", "JNIConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources",
            "reachability-metadata.json", "ReachabilityMetadataResources");

    final Path home;
    final List<String> jvmOptions = new ArrayList<>();
    final List<String> builderOptions = new ArrayList<>();
    final Set<Path> classPath = new LinkedHashSet<>();
    /* --exclude-config JAR_REGEX RESOURCE_REGEX: configuration a jar carries that is not to be used. */
    final List<java.util.regex.Pattern[]> excludedConfigs = new ArrayList<>();
    String mainClass;
    String imageName;
    boolean dryRun;

    NativeImage(Path home) {
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("phpod.toolchain.home")).toAbsolutePath();
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println("native-image " + GRAAL_VERSION + " (phpod's assembled toolchain)");
            System.out.println("GraalVM Runtime Environment " + VENDOR_VERSION + " (build "
                    + Runtime.version() + ")");
            System.out.println("Substrate VM " + VENDOR_VERSION + " (build " + Runtime.version()
                    + ", serial gc)");
            return;
        }
        NativeImage launcher = new NativeImage(home);
        try {
            launcher.parse(List.of(args), "the command line");
            launcher.readJarConfigurations();
        } catch (IllegalArgumentException e) {
            System.err.println("native-image: " + e.getMessage());
            System.exit(2);
        }
        if (launcher.dryRun) {
            launcher.command().forEach(System.out::println);
            return;
        }
        Process builder = new ProcessBuilder(launcher.command()).inheritIO().start();
        System.exit(builder.waitFor());
    }

    void parse(List<String> args, String origin) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean jar = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.startsWith("-J")) {
                jvmOptions.add(arg.substring(2));
            } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
                builderOptions.add(arg);
            } else if (arg.startsWith("-D")) {
                jvmOptions.add(arg);
            } else if (arg.startsWith("-O")) {
                builderOptions.add(api("-H:Optimize=" + arg.substring(2)));
            } else if (arg.equals("-jar")) {
                Path file = Path.of(required(args, ++i, arg));
                addJar(file);
                jar = true;
            } else if (arg.equals("--dry-run")) {
                dryRun = true; // print the builder's command line, one argument a line, and stop
            } else if (arg.equals("--exclude-config")) {
                String jarPattern = required(args, ++i, arg);
                String resourcePattern = required(args, ++i, arg);
                excludedConfigs.add(new java.util.regex.Pattern[] { java.util.regex.Pattern.compile(jarPattern),
                        java.util.regex.Pattern.compile(resourcePattern) });
            } else if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                for (String entry : required(args, ++i, arg).split(":")) {
                    if (!entry.isEmpty()) classPath.add(Path.of(entry).toAbsolutePath());
                }
            } else if (arg.contains("=") && VALUED.containsKey(name)) {
                String value = arg.substring(arg.indexOf('=') + 1);
                String option = VALUED.get(name);
                if (name.equals("--initialize-at-build-time") || name.equals("--initialize-at-run-time")) {
                    String kind = name.endsWith("build-time") ? ":build_time" : ":run_time";
                    value = value.isEmpty() ? kind : List.of(value.split(",")).stream()
                            .map(p -> p + kind).collect(Collectors.joining(","));
                }
                builderOptions.add(api(option + value));
            } else if (FLAGS.containsKey(arg)) {
                if (!FLAGS.get(arg).isEmpty()) builderOptions.add(api(FLAGS.get(arg)));
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException(arg + " (from " + origin + ") is not an option "
                        + "this launcher knows; give its -H: form, or build with a GraalVM or Mandrel");
            } else {
                positional.add(arg);
            }
        }
        if (jar && !positional.isEmpty()) imageName = positional.get(0);
        if (!jar && !positional.isEmpty()) {
            mainClass = positional.get(0);
            if (positional.size() > 1) imageName = positional.get(1);
        }
    }

    /** A builder option that stands for a native-image option: marked as GraalVM's driver marks
        it, so the build does not list it among the experimental options a user unlocked. */
    static String api(String option) {
        int eq = option.indexOf('=');
        return eq < 0 ? option : option.substring(0, eq) + "@user+api" + option.substring(eq);
    }

    /** A builder option the launcher itself sets. */
    static String driver(String option) {
        int eq = option.indexOf('=');
        return option.substring(0, eq) + "@driver" + option.substring(eq);
    }

    static String required(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
        return args.get(i);
    }

    /* The jar, the jars its manifest's Class-Path names, and its Main-Class. */
    void addJar(Path file) throws IOException {
        Path jar = file.toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("-jar " + file + ": no such file");
        classPath.add(jar);
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            if (manifest == null) return;
            String main = manifest.getMainAttributes().getValue("Main-Class");
            if (main != null) mainClass = main;
            String path = manifest.getMainAttributes().getValue("Class-Path");
            if (path != null) {
                for (String entry : path.trim().split("\\s+")) {
                    if (!entry.isEmpty()) classPath.add(jar.getParent().resolve(entry).normalize());
                }
            }
        }
    }

    /* What each class-path jar declares under META-INF/native-image: its configuration files,
       and the Args and JavaArgs of its native-image.properties. */
    void readJarConfigurations() throws IOException {
        for (Path entry : List.copyOf(classPath)) {
            if (!Files.isRegularFile(entry)) continue;
            try (JarFile jar = new JarFile(entry.toFile())) {
                for (ZipEntry e : jar.stream().filter(e -> e.getName().startsWith("META-INF/native-image/"))
                        .toList()) {
                    String name = e.getName();
                    String file = name.substring(name.lastIndexOf('/') + 1);
                    if (excluded(entry, name)) {
                        continue;
                    }
                    if (CONFIG_FILES.containsKey(file)) {
                        builderOptions.add(api("-H:" + CONFIG_FILES.get(file) + "=" + name));
                    } else if (file.equals("native-image.properties")) {
                        Properties properties = new Properties();
                        try (InputStream in = jar.getInputStream(e)) {
                            properties.load(in);
                        }
                        String origin = entry.getFileName() + "!/" + name;
                        String javaArgs = properties.getProperty("JavaArgs", "").trim();
                        if (!javaArgs.isEmpty()) jvmOptions.addAll(List.of(javaArgs.split("\\s+")));
                        String imageArgs = properties.getProperty("Args", "").trim();
                        if (!imageArgs.isEmpty()) parse(List.of(imageArgs.split("\\s+")), origin);
                    }
                }
            }
        }
    }

    boolean excluded(Path jar, String resource) {
        return excludedConfigs.stream().anyMatch(p -> p[0].matcher(jar.toString()).find() && p[1].matcher("/" + resource).find());
    }

    List<String> command() throws IOException {
        Path builderJars = home.resolve("lib/svm/builder");
        List<Path> modulePath = new ArrayList<>();
        Path compiler = null;
        try (var jars = Files.list(builderJars)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                if (jar.getFileName().toString().startsWith("compiler-")) compiler = jar;
                else modulePath.add(jar);
            }
        }
        if (compiler == null) throw new IllegalStateException("no compiler jar in " + builderJars);
        Set<String> builderModules = resolvedBuilderModules(modulePath, compiler);

        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/java").toString());
        command.addAll(List.of(
                "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:-UseJVMCICompiler",
                "-Xss10m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError", "-Xshare:off",
                "-Djava.awt.headless=true",
                "-Dorg.graalvm.version=" + GRAAL_VERSION,
                "-Dorg.graalvm.vendor=phpod assembled toolchain",
                "-Dorg.graalvm.vendorversion=" + VENDOR_VERSION,
                "-Dcom.oracle.graalvm.isaot=true",
                "-Dorg.graalvm.nativeimage.imagecode=buildtime",
                "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
                "-Djdk.internal.lambda.disableEagerInitialization=true",
                "-Djdk.internal.lambda.eagerlyInitialize=false",
                "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false",
                // Method handles the image uses (records' equals, hashCode and toString among them)
                // must be free of the JDK's inlining barriers for the builder to compile them: with
                // them, the image interprets their lambda forms at run time, many times slower.
                "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false",
                // Quarkus' build features reach into java.lang from the class path.
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        command.add("@" + exportsFile(builderModules));
        command.add("--enable-native-access=" + String.join(",", builderModules));
        command.addAll(jvmOptions);
        command.add("--add-modules=ALL-DEFAULT");
        command.add("--module-path");
        command.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add("--upgrade-module-path");
        command.add(compiler.toString());
        command.add("--module");
        command.add(BUILDER_MODULE + "/com.oracle.svm.hosted.NativeImageGeneratorRunner");
        command.add("-imagecp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        Path clibraries = home.resolve("lib/svm/clibraries/linux-amd64");
        command.add("-H:CLibraryPath=" + clibraries.resolve("glibc") + "," + clibraries);
        command.add(driver("-H:Path=" + Path.of("").toAbsolutePath()));
        command.add(driver("-H:ImageBuildID=" + UUID.randomUUID()));
        if (imageName != null) command.add(api("-H:Name=" + imageName));
        if (mainClass != null) command.add(api("-H:Class=" + mainClass));
        command.addAll(builderOptions);
        return command;
    }

    /* The builder module and every module of the toolchain it requires, transitively. */
    static Set<String> resolvedBuilderModules(List<Path> modulePath, Path compiler) {
        List<Path> all = new ArrayList<>(modulePath);
        all.add(compiler);
        Map<String, ModuleDescriptor> byName = new LinkedHashMap<>();
        for (ModuleReference ref : ModuleFinder.of(all.toArray(Path[]::new)).findAll()) {
            byName.put(ref.descriptor().name(), ref.descriptor());
        }
        Set<String> resolved = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(BUILDER_MODULE));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            ModuleDescriptor descriptor = byName.get(name);
            if (descriptor == null || !resolved.add(name)) continue;
            descriptor.requires().forEach(r -> todo.add(r.name()));
        }
        return resolved;
    }

    /* An argument file exporting every package of the JDK's modules to the builder's: the
       builder reads JDK internals in many places, as GraalVM's own driver allows it to. */
    Path exportsFile(Set<String> builderModules) throws IOException {
        String targets = String.join(",", builderModules);
        StringBuilder text = new StringBuilder();
        // The modules the builder's JVM resolves: the default ones (as this launcher's) and JVMCI.
        Set<ModuleDescriptor> jdkModules = new LinkedHashSet<>();
        ModuleLayer.boot().modules().forEach(m -> jdkModules.add(m.getDescriptor()));
        ModuleFinder.ofSystem().find("jdk.internal.vm.ci").ifPresent(m -> jdkModules.add(m.descriptor()));
        for (ModuleDescriptor descriptor : jdkModules) {
            if (builderModules.contains(descriptor.name())) continue;
            for (String pkg : new TreeSet<>(descriptor.packages())) {
                text.append("--add-exports=").append(descriptor.name()).append('/').append(pkg)
                        .append('=').append(targets).append('\n');
            }
        }
        Path file = Files.createTempFile("phpod-native-image-exports", ".args");
        file.toFile().deleteOnExit();
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
