package dev.spillway.reporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.analyze.Report;

@DisplayName("The spillway command")
class SpillwayCliTest {

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result spillway(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Spillway.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @AfterEach
    void forgetHome() {
        System.clearProperty("spillway.home");
    }

    @ParameterizedTest(name = "spillway {0} --help prints its usage and exits with 0")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"report", "compare", "run", "attach", "demo"})
    void everyCommandHasHelp(String command) {
        Result r = spillway(command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: spillway " + command), r.out());
    }

    @Nested
    @DisplayName("report")
    class ReportCommandTest {
        @Test
        void writesTheHtmlAndTheJsonOfARecording(@TempDir Path dir) throws IOException {
            Path html = dir.resolve("r.html");
            Path json = dir.resolve("r.json");
            Result r = spillway("report", TestRecordings.g1().toString(), "-o", html.toString(), "--json", json.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
            assertTrue(Files.readString(json).startsWith("{\"format\":\"spillway-report/1\""));
        }

        @Test
        void writesNextToTheRecordingWhenNoOutputIsGiven(@TempDir Path dir) throws IOException {
            Path copy = Files.copy(TestRecordings.g1(), dir.resolve("session.jfr"));
            assertEquals(0, spillway("report", copy.toString()).exit());
            assertTrue(Files.isRegularFile(dir.resolve("session.html")));
        }

        @Test
        void showsProgressOnStandardError(@TempDir Path dir) {
            Result r = spillway("report", TestRecordings.g1().toString(), "-o", dir.resolve("r.html").toString());
            assertTrue(r.err().contains("reading recording.jfr: 100%"), r.err());
        }
    }

    @Nested
    @DisplayName("compare")
    class CompareCommandTest {
        @Test
        void writesTheComparisonWithTheGivenNames(@TempDir Path dir) throws IOException {
            Path json = dir.resolve("c.json");
            Result r = spillway("compare", TestRecordings.g1().toString(), TestRecordings.zgc().toString(),
                    "--names", "G1,ZGC", "-o", dir.resolve("c.html").toString(), "--json", json.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.readString(json).contains("\"baseline\":\"G1\""));
            assertTrue(Files.isRegularFile(dir.resolve("c.html")));
        }
    }

    static Stream<Arguments> badInput() {
        Function<Path, String[]> missing = dir -> new String[]{"report", dir.resolve("missing.jfr").toString()};
        return Stream.of(
                Arguments.of("a missing recording", missing, "no such file"),
                Arguments.of("an empty file", (Function<Path, String[]>) dir -> new String[]{"report", write(dir, "empty.jfr", new byte[0])}, "is empty"),
                Arguments.of("a file that is not JFR", (Function<Path, String[]>) dir -> new String[]{"report",
                        write(dir, "text.jfr", "hello, world\n".getBytes(StandardCharsets.UTF_8))}, "not a JFR recording"),
                Arguments.of("a truncated recording", (Function<Path, String[]>) dir -> new String[]{"report", truncated(dir)}, "is truncated"),
                Arguments.of("an unknown option", (Function<Path, String[]>) dir -> new String[]{"report", "--colour", "x.jfr"}, "Unknown option"),
                Arguments.of("no command", (Function<Path, String[]>) dir -> new String[]{}, "missing command"),
                Arguments.of("a bad duration", (Function<Path, String[]>) dir -> new String[]{"attach", "1", "--duration", "soon"}, "bad duration"),
                Arguments.of("a zero duration", (Function<Path, String[]>) dir -> new String[]{"attach", "1", "--duration", "0s"}, "longer than zero"),
                Arguments.of("a bad threshold", (Function<Path, String[]>) dir -> new String[]{"run", "--threshold", "big", "--out",
                        dir.toString(), "--", "java", "-version"}, "--threshold must be a size"),
                Arguments.of("a bad mode", (Function<Path, String[]>) dir -> new String[]{"run", "--mode", "fast", "--", "java"}, "--mode"),
                Arguments.of("one recording to compare", (Function<Path, String[]>) dir -> new String[]{"compare", "a.jfr"}, "REC.jfr"),
                Arguments.of("names that do not match", (Function<Path, String[]>) dir -> new String[]{"compare", TestRecordings.g1().toString(),
                        TestRecordings.g1().toString(), "--names", "one"}, "--names has 1 names for 2 recordings"));
    }

    private static String write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncated(Path dir) {
        try {
            byte[] all = Files.readAllBytes(TestRecordings.g1());
            return write(dir, "truncated.jfr", java.util.Arrays.copyOf(all, all.length / 2));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @DisplayName("on bad input")
    class BadInput {
        @ParameterizedTest(name = "{0} is one error line and exit code 2")
        @MethodSource("dev.spillway.reporter.cli.SpillwayCliTest#badInput")
        void saysSoInOneLineAndExitsWith2(String what, Function<Path, String[]> args, String message, @TempDir Path dir) {
            Result r = spillway(args.apply(dir));
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.errLines().getFirst().startsWith("error: "), r.err());
            assertTrue(r.err().contains(message), r.err());
        }

        @Test
        void printsTheStackTraceOnlyWhenVerbose(@TempDir Path dir) {
            String empty = write(dir, "empty.jfr", new byte[0]);
            Result quiet = spillway("report", empty);
            Result verbose = spillway("report", "--verbose", empty);
            assertFalse(quiet.err().contains("UnreadableRecordingException"));
            assertTrue(verbose.err().contains("UnreadableRecordingException"), verbose.err());
            assertEquals(2, verbose.exit());
        }
    }

    @Nested
    @DisplayName("run")
    class RunCommandTest {
        @Test
        void leavesTheRecordingTheSettingsAndTheReportInTheOutputDirectory() {
            Path dir = TestRecordings.g1().getParent();
            for (String file : List.of("recording.jfr", "spillway.jfc", "report.html", "report.json")) {
                assertTrue(Files.isRegularFile(dir.resolve(file)), file);
            }
        }

        @Test
        void refusesToStartWithoutAnAgentJar(@TempDir Path home) {
            System.setProperty("spillway.home", home.toString());
            Result r = spillway("run", "--out", home.resolve("out").toString(), "--", "java", "-version");
            assertEquals(2, r.exit());
            assertTrue(r.err().startsWith("error: the agent is not built"), r.err());
        }
    }

    @Nested
    @DisplayName("demo")
    class DemoCommandTest {
        @Test
        void saysTheDemoIsNotBuiltWhenTheSamplesJarIsMissing(@TempDir Path home) {
            System.setProperty("spillway.home", home.toString());
            Result r = spillway("demo", "--quick");
            assertEquals(2, r.exit());
            assertEquals(List.of("error: the demo is not built yet"), r.errLines());
        }
    }

    @Nested
    @DisplayName("attach")
    class AttachCommandTest {
        @Test
        void recordsARunningJvmAndWritesItsReport(@TempDir Path dir) throws Exception {
            List<String> argv = new ArrayList<>(List.of(TestRecordings.javaHome().resolve("bin/java").toString(),
                    "-XX:+EnableDynamicAgentLoading", "-Xmx128m", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m",
                    TestRecordings.workload("Churn.java").toString(), "0"));
            Process target = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("churning", lines.readLine());
                Result r = spillway("attach", Long.toString(target.pid()), "--no-agent", "--duration", "2s", "--out", dir.toString());
                assertEquals(0, r.exit(), r.err());
                Report report = Reports.analyze(dir.resolve("recording.jfr"));
                assertTrue(report.gc().collections() > 0);
                assertTrue(Files.isRegularFile(dir.resolve("report.html")));
            } finally {
                target.destroy();
                target.waitFor();
            }
        }
    }
}
