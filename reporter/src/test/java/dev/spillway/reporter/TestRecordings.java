package dev.spillway.reporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.spillway.reporter.analyze.Report;
import dev.spillway.reporter.cli.Spillway;
import dev.spillway.reporter.read.UnreadableRecordingException;

/**
 * The few recordings the tests share, each made once per test JVM by a small workload in a forked JVM (they are
 * expensive on a small machine). The workloads are source files under {@code src/test/resources/workloads}, so
 * that JDK 17 can run the same one.
 */
public final class TestRecordings {
    public static final Path DIR = Path.of("target", "test-recordings").toAbsolutePath();
    private static final Map<String, Path> made = new HashMap<>();
    private static final Map<Path, Report> reports = new HashMap<>();

    private TestRecordings() {
    }

    /** G1, 128 MiB heap, 1 MiB regions, recorded through {@code spillway run --no-agent} (Spillway's settings). */
    public static synchronized Path g1() {
        return made.computeIfAbsent("g1", k -> viaRun(k, "Churn.java", "2500"));
    }

    /** The stand-in for the agent and allocator events (FakeAgent.java), recorded through {@code spillway run --no-agent}. */
    public static synchronized Path fakeAgent() {
        return made.computeIfAbsent("fake-agent", k -> viaRun(k, "FakeAgent.java", "2500"));
    }

    /** ZGC with the JDK's {@code profile} settings: allocation samples only, no outside-TLAB events. */
    public static synchronized Path zgc() {
        return made.computeIfAbsent("zgc", k -> direct(k, javaHome(), List.of("-XX:+UseZGC", "-Xmx256m"), "Churn.java", "2000"));
    }

    /** G1 on JDK 17 with the {@code profile} settings, to prove recordings of older JDKs read. */
    public static synchronized Path jdk17() {
        return made.computeIfAbsent("jdk17", k -> direct(k, jdk17Home(),
                List.of("-XX:+UseG1GC", "-Xmx128m", "-XX:G1HeapRegionSize=1m"), "Churn.java", "2000"));
    }

    public static synchronized Report report(Path recording) {
        return reports.computeIfAbsent(recording, r -> {
            try {
                return Reports.analyze(r);
            } catch (UnreadableRecordingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static Path jdk17Home() {
        Path home = Path.of(System.getProperty("spillway.test.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"));
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalStateException("no JDK 17 at " + home + "; set -Dspillway.test.jdk17=/path/to/jdk17");
        }
        return home;
    }

    public static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    public static Path workload(String name) {
        try {
            return Path.of(TestRecordings.class.getResource("/workloads/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The output directory of a {@code spillway run} fixture, which holds its report.html and report.json. */
    public static Path runDirectory(String name) {
        return DIR.resolve(name);
    }

    private static Path viaRun(String name, String workload, String millis) {
        Path dir = runDirectory(name);
        int exit = Spillway.execute("run", "--no-agent", "--out", dir.toString(), "--",
                "java", "-Xmx128m", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m", workload(workload).toString(), millis);
        if (exit != 0) {
            throw new IllegalStateException("spillway run for " + name + " exited with " + exit);
        }
        return dir.resolve("recording.jfr");
    }

    private static Path direct(String name, Path javaHome, List<String> options, String workload, String millis) {
        try {
            Path dir = DIR.resolve(name);
            Files.createDirectories(dir);
            Path recording = dir.resolve("recording.jfr");
            List<String> argv = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
            argv.addAll(options);
            argv.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename=" + recording);
            argv.add(workload(workload).toString());
            argv.add(millis);
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.txt").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " workload failed: " + Files.readString(dir.resolve("output.txt")));
            }
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
