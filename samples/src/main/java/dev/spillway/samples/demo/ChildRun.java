package dev.spillway.samples.demo;

import dev.spillway.reporter.Reports;
import dev.spillway.samples.load.Json;
import dev.spillway.samples.load.LoadResult;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts one {@link RunSpec} in a child JVM with JFR on, waits for it, and collects its RESULT line.
 * The child's output goes to {@code NAME.out} and {@code NAME.err} beside its recording, where a
 * person can read why a run failed.
 *
 * @param launcher the java launcher, the same as the demo's own
 * @param classPath the class path of the samples and their dependencies
 * @param outDir where the run's recording and output files go
 * @param timeoutSeconds how long a run may take before it is killed
 */
record ChildRun(Path launcher, String classPath, Path outDir, long timeoutSeconds) {

    /** The reporter's recording settings, which {@code spillway run} and {@code attach} put on top of JFR's default ones. */
    static final String REPORTER_SETTINGS = "/dev/spillway/reporter/cli/spillway.jfc";
    static final String SETTINGS_FILE = "spillway.jfc";

    /**
     * Copies the reporter's settings into the output directory, so that every run records what the
     * reporter analyses (outside-TLAB allocations with stack traces, every GC, Spillway's events).
     */
    void writeSettings() throws IOException {
        try (InputStream in = Reports.class.getResourceAsStream(REPORTER_SETTINGS)) {
            if (in == null) {
                throw new IOException("the reporter's recording settings " + REPORTER_SETTINGS + " are not on the class path");
            }
            Files.copy(in, outDir.resolve(SETTINGS_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What happened to one child JVM. */
    record Outcome(RunSpec spec, List<String> command, int exitCode, Map<String, Object> result, Path recording,
                   Path stdout, Path stderr, double wallSeconds) {

        boolean succeeded() {
            return exitCode == 0 && result != null && Files.isRegularFile(recording);
        }

        /** The first lines of the child's stderr, for a message that says why it failed. */
        String errorExcerpt() {
            try {
                List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
                return String.join(" | ", lines.subList(0, Math.min(3, lines.size())));
            } catch (IOException e) {
                return "(no stderr: " + e.getMessage() + ")";
            }
        }
    }

    static Path currentJava() {
        Optional<String> command = ProcessHandle.current().info().command();
        return command.map(Path::of).orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    List<String> command(RunSpec spec, AgentJar agent) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(spec.collector().jvmOptions(spec.heap()));
        // The allocator maps memory through FFM's restricted methods; every run gets the flag so runs differ only in the agent.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:StartFlightRecording=filename=" + recording(spec) + ",settings=default,settings="
                + outDir.resolve(SETTINGS_FILE));
        command.add("-Xlog:jfr+startup=warning");
        if (spec.agent()) {
            command.add(agent.javaagentOption(outDir.resolve(spec.name() + "-agent")));
        }
        command.add("-cp");
        command.add(classPath);
        command.add(spec.workload().mainClass());
        command.addAll(spec.args());
        return command;
    }

    Outcome run(RunSpec spec, AgentJar agent) throws IOException, InterruptedException {
        List<String> command = command(spec, agent);
        Path stdout = outDir.resolve(spec.name() + ".out");
        Path stderr = outDir.resolve(spec.name() + ".err");
        Files.deleteIfExists(recording(spec));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        int exitCode;
        if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            exitCode = process.exitValue();
        } else {
            process.destroyForcibly().waitFor();
            Files.writeString(stderr, "\nspillway demo: killed after " + timeoutSeconds + " s\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            exitCode = -1;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Outcome(spec, command, exitCode, resultLine(stdout), recording(spec), stdout, stderr, wall);
    }

    Path recording(RunSpec spec) {
        return outDir.resolve(spec.name() + ".jfr");
    }

    /** The JSON of the last RESULT line in {@code stdout}, or null when there is none. */
    static Map<String, Object> resultLine(Path stdout) throws IOException {
        if (!Files.exists(stdout)) {
            return null;
        }
        Map<String, Object> result = null;
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith(LoadResult.RESULT_PREFIX)) {
                result = Json.parseObject(line.substring(LoadResult.RESULT_PREFIX.length()));
            }
        }
        return result;
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
