package dev.spillway.benchmarks.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.classfile.AccessFlags;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The agent's start-up overhead: time from starting a JVM to its {@code main}, and to its exit, for one
 * application without the agent, with an agent that does nothing (an ordinary one, and one whose {@code premain} is
 * called as Spillway's is, the least an agent can cost), and with Spillway in profile and redirect mode
 * (designating the application's package). The runs are interleaved, round after round, each round in a rotated
 * order, so that a change of load on the machine falls on every variant alike; the first rounds only warm the
 * file cache and are not counted. Medians are reported, with the quartiles.
 *
 * <p>"Time to main" ends when the application prints the line {@code main}: {@link TinyApp} does so itself (it is
 * designated and its main class, so its transformation happens before {@code main}); any other application is
 * started through {@link MainMarker}, which prints it and then calls the application's {@code main}.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.spillway.benchmarks.agent.StartupComparison \
 *     --agent agent/target/spillway-agent.jar [--rounds 15] [--warmup 2] [--variants none,noop,minimal,profile,redirect]
 *     [--class-path CP --main CLASS --designate PATTERNS [--jvm-option OPTION]... [-- ARGS...]]
 * </pre>
 * Without {@code --main}, the application is {@link TinyApp}, alone on its class path.
 */
public final class StartupComparison {
    private static final List<String> VARIANTS = List.of("none", "noop", "minimal", "profile", "redirect");
    /** Suffix of a variant that runs with a JDK 25 AOT cache made by a training run of that same variant. */
    private static final String AOT = "+aot";

    private StartupComparison() {}

    /**
     * One JVM start: milliseconds to the {@code main} line and to the exit, and the CPU time the JVM used, all its
     * threads, from the kernel's account of reaped children (10 ms ticks); CPU time tells the agent's own work apart
     * from waiting for a CPU on a busy machine.
     */
    private record Timing(double toMain, double toExit, double cpu) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> jvmOptions = new ArrayList<>();
        List<String> appArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                appArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --OPTION VALUE at '" + args[i] + "'");
            }
            if (args[i].equals("--jvm-option")) {
                jvmOptions.add(args[++i]);
            } else {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        Path agent = Path.of(required(options, "agent")).toAbsolutePath();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "15"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        List<String> variants = List.of(options.getOrDefault("variants", String.join(",", VARIANTS)).split(","));
        for (String variant : variants) {
            if (!VARIANTS.contains(variant.replace(AOT, ""))) {
                throw new IllegalArgumentException("variants are " + VARIANTS + ", each with or without " + AOT);
            }
        }
        Path work = Files.createTempDirectory("spillway-startup");
        Path noop = noOpAgentJar(work);
        Path minimal = minimalAgentJar(work);

        String classPath;
        List<String> application = new ArrayList<>();
        String designate;
        if (options.containsKey("main")) {
            // Jars here too, for the AOT cache; the application's class path should then be jars as well.
            Path marker = jar(work.resolve("main-marker.jar"), manifest(), MainMarker.class);
            classPath = marker + File.pathSeparator + required(options, "class-path");
            application.add(MainMarker.class.getName());
            application.add(options.get("main"));
            designate = required(options, "designate");
        } else {
            // A jar, because an AOT cache keeps only classes that come from jars.
            Path appJar = work.resolve("tiny-app.jar");
            jar(appJar, manifest(), TinyApp.class);
            classPath = appJar.toString();
            application.add(TinyApp.class.getName());
            designate = options.getOrDefault("designate", TinyApp.class.getName());
        }
        application.addAll(appArgs);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (String variant : variants) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            if (variant.endsWith(AOT)) {
                command.add("-XX:AOTCache=" + work.resolve(variant.replace(AOT, "") + ".aot"));
            }
            String mode = variant.replace(AOT, "");
            switch (mode) {
                case "noop" -> command.add("-javaagent:" + noop);
                case "minimal" -> command.add("-javaagent:" + minimal);
                case "profile", "redirect" -> command.add("-javaagent:" + agent + "=designate=" + designate
                        + ",mode=" + mode + ",out=" + work.resolve("out-" + variant));
                default -> { }
            }
            command.addAll(List.of("-cp", classPath));
            command.addAll(application);
            commands.put(variant, command);
        }
        commands.forEach((variant, command) -> System.out.println("# " + variant + ": " + String.join(" ", command)));
        for (String variant : variants) {
            if (variant.endsWith(AOT)) {
                train(commands.get(variant), agent, work.resolve("training-" + variant.replace(AOT, "") + ".txt"));
            }
        }
        System.out.println("# load average before: " + loadAverage());

        Map<String, List<Timing>> timings = new LinkedHashMap<>();
        variants.forEach(variant -> timings.put(variant, new ArrayList<>()));
        for (int round = 0; round < warmup + rounds; round++) {
            for (int k = 0; k < variants.size(); k++) {
                String variant = variants.get((round + k) % variants.size());
                Timing timing = run(commands.get(variant), work.resolve("stderr-" + variant + ".txt"));
                if (round >= warmup) {
                    timings.get(variant).add(timing);
                }
            }
        }
        System.out.println("# load average after: " + loadAverage());
        for (String variant : variants) {
            requireAgentAtWork(variant, work);
        }

        double baseMain = median(timings.getOrDefault("none", List.of()), Timing::toMain);
        double baseExit = median(timings.getOrDefault("none", List.of()), Timing::toExit);
        double baseCpu = median(timings.getOrDefault("none", List.of()), Timing::cpu);
        System.out.printf(Locale.ROOT, "%-9s %5s  %-26s %-9s  %-26s %-9s  %-26s %-9s%n", "variant", "runs",
                "to main ms: median [q1,q3]", "overhead", "to exit ms: median [q1,q3]", "overhead",
                "CPU ms: median [q1,q3]", "overhead");
        timings.forEach((variant, list) -> System.out.printf(Locale.ROOT,
                "%-9s %5d  %-26s %-9s  %-26s %-9s  %-26s %-9s%n", variant, list.size(),
                summary(list, Timing::toMain), overhead(median(list, Timing::toMain), baseMain),
                summary(list, Timing::toExit), overhead(median(list, Timing::toExit), baseExit),
                summary(list, Timing::cpu), overhead(median(list, Timing::cpu), baseCpu)));
    }

    /**
     * Makes the AOT cache that {@code command} names with a training run of that same command (JDK 25's one-step
     * {@code -XX:AOTCacheOutput}). The agent's jar is on the boot class path through its manifest, which the JVM
     * applies when it loads the agent; the step that writes the cache loads no agent, so it is given the jar with
     * {@code -Xbootclasspath/a} (through {@code JDK_AOT_VM_OPTIONS}, which reaches that step only), or the cache would
     * not match the runs that use it.
     */
    private static void train(List<String> command, Path agent, Path output) throws IOException, InterruptedException {
        List<String> training = new ArrayList<>();
        for (String argument : command) {
            training.add(argument.startsWith("-XX:AOTCache=")
                    ? argument.replace("-XX:AOTCache=", "-XX:AOTCacheOutput=") : argument);
        }
        ProcessBuilder builder = new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(output.toFile());
        if (training.stream().anyMatch(argument -> argument.startsWith("-javaagent:" + agent))) {
            builder.environment().put("JDK_AOT_VM_OPTIONS", "-Xbootclasspath/a:" + agent);
        }
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the training run failed; see " + output);
        }
    }

    /** Fails when a Spillway variant's agent refused its options and ran disabled: its figures would measure nothing. */
    private static void requireAgentAtWork(String variant, Path work) throws IOException {
        if (!variant.startsWith("profile") && !variant.startsWith("redirect")) {
            return;
        }
        Path stderr = work.resolve("stderr-" + variant + ".txt");
        if (Files.readString(stderr).contains("spillway: error")
                || !Files.isRegularFile(work.resolve("out-" + variant).resolve("sites.json"))) {
            throw new IllegalStateException("the agent did not work in variant " + variant + "; see " + stderr);
        }
    }

    private static Timing run(List<String> command, Path stderr) throws IOException, InterruptedException {
        long cpuBefore = childrenCpuTicks();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        double toMain;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            toMain = (System.nanoTime() - start) / 1e6;
            if (!"main".equals(first)) {
                throw new IllegalStateException("the application did not reach main (" + first + "); see " + stderr);
            }
            while (reader.readLine() != null) {
                // The rest of the output is the application's; only the exit is timed.
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the application did not exit: " + command);
        }
        double toExit = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit status " + process.exitValue() + "; see " + stderr);
        }
        return new Timing(toMain, toExit, (childrenCpuTicks() - cpuBefore) * 10.0);
    }

    /** User and system time of this process' reaped children, in clock ticks (fields 16 and 17 of /proc/self/stat). */
    private static long childrenCpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name, field 3 is at index 0: cutime (16) and cstime (17) are at 13 and 14.
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    private static String summary(List<Timing> list, ToDoubleFunction<Timing> field) {
        double[] sorted = list.stream().mapToDouble(field).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f [%.0f,%.0f]", quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75));
    }

    private static double median(List<Timing> list, ToDoubleFunction<Timing> field) {
        return quantile(list.stream().mapToDouble(field).sorted().toArray(), 0.5);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static String overhead(double value, double base) {
        return Double.isNaN(base) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (value / base - 1));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Path noOpAgentJar(Path directory) throws IOException {
        return jar(directory.resolve("noop-agent.jar"), noOpAgentManifest(), NoOpAgent.class);
    }

    private static Manifest noOpAgentManifest() {
        Manifest manifest = manifest();
        manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        return manifest;
    }

    /**
     * The no-op agent with its {@code premain} marked {@code ACC_VARARGS}, as Spillway's entry points are: core
     * reflection then calls it through its native accessor instead of spinning method-handle classes first, so this
     * is the least that any agent costs. Marked here, since javac refuses to write such a method.
     */
    private static Path minimalAgentJar(Path directory) throws IOException {
        byte[] original;
        try (InputStream in = classFile(NoOpAgent.class)) {
            original = in.readAllBytes();
        }
        ClassFile classFile = ClassFile.of();
        byte[] marked = classFile.transformClass(classFile.parse(original), ClassTransform.transformingMethods(
                method -> method.methodName().equalsString("premain"), (method, element) -> {
                    if (element instanceof AccessFlags flags) {
                        method.withFlags(flags.flagsMask() | ClassFile.ACC_VARARGS);
                    } else {
                        method.with(element);
                    }
                }));
        return jar(directory.resolve("minimal-agent.jar"), noOpAgentManifest(), NoOpAgent.class, marked);
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    private static Path jar(Path jar, Manifest manifest, Class<?> type) throws IOException {
        try (InputStream in = classFile(type)) {
            return jar(jar, manifest, type, in.readAllBytes());
        }
    }

    /** A jar holding {@code classFile} as the class file of {@code type}. */
    private static Path jar(Path jar, Manifest manifest, Class<?> type, byte[] classFile) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(type.getName().replace('.', '/') + ".class"));
            out.write(classFile);
            out.closeEntry();
        }
        return jar;
    }

    private static InputStream classFile(Class<?> type) throws IOException {
        InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class");
        if (in == null) {
            throw new IOException("no class file of " + type.getName());
        }
        return in;
    }
}
