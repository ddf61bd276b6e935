package dev.spillway.reliability.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.faults.app.FaultApp;
import dev.spillway.reliability.support.Fixtures;
import dev.spillway.reliability.support.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input given the way a user gives it: the CLI jar that {@code ./spillway} runs, and {@code -javaagent} on a real
 * JVM. The rows of docs/BAD-INPUT.md that the modules' own tests do not cover.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BadInputTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String DESIGNATE = "designate=dev.spillway.reliability.faults.app.**";

    private static Jvm.Run spillway(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Fixtures.java().toString(), "-Dspillway.home=" + Fixtures.home(),
                "-jar", Fixtures.cliJar().toString()));
        command.addAll(List.of(args));
        return Jvm.run(new ProcessBuilder(command).directory(workingDirectory.toFile()), TIMEOUT);
    }

    private static void assertOneErrorLine(Jvm.Run run, String containing) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().getFirst().startsWith("error: "), run.err());
        assertTrue(run.err().contains(containing), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** The CLI refuses with one {@code error:} line on standard error and exit status 2. */
    @Nested
    class The_command_line {

        @Test
        void attach_to_a_pid_without_a_process(@TempDir Path dir) throws Exception {
            long pid = ProcessHandle.current().pid() + 4_000_000L;

            assertOneErrorLine(spillway(dir, "attach", Long.toString(pid)), "no process " + pid);
        }

        @Test
        void attach_to_a_process_that_is_not_a_jvm(@TempDir Path dir) throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                assertOneErrorLine(spillway(dir, "attach", Long.toString(sleeper.pid())), "cannot attach to " + sleeper.pid());
            } finally {
                sleeper.destroy();
                sleeper.waitFor();
            }
        }

        @ParameterizedTest(name = "attach {0}")
        @CsvSource({"abc, 'abc'", "12x, '12x'"})
        void attach_to_a_pid_that_is_not_a_number(String pid, String quoted, @TempDir Path dir) throws Exception {
            assertOneErrorLine(spillway(dir, "attach", pid), quoted);
        }

        @Test
        void attach_with_an_option_the_agent_refuses(@TempDir Path dir) throws Exception {
            List<String> command = Jvm.java(List.of("-XX:+EnableDynamicAgentLoading"), null, FaultApp.class, "wait", "20000");
            Process target = new ProcessBuilder(command).redirectError(dir.resolve("target.err").toFile()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("ready " + target.pid(), out.readLine());

                Jvm.Run run = spillway(dir, "attach", Long.toString(target.pid()), "--agent", "throttle=lots",
                        "--duration", "2s", "--out", dir.resolve("out").toString());

                List<String> errors = run.errLines().stream().filter(line -> !line.startsWith("spillway: ")).toList();
                assertEquals(2, run.exitCode(), run.err());
                assertEquals(1, errors.size(), run.err());
                assertTrue(errors.getFirst().startsWith("error: the agent refused its options: ")
                        && errors.getFirst().contains("throttle") && errors.getFirst().contains("lots"), run.err());
                assertFalse(run.err().contains("\tat "), run.err());
                assertFalse(Files.exists(dir.resolve("out").resolve("recording.jfr")), "nothing is recorded");
                assertTrue(target.isAlive(), "the target runs on");
            } finally {
                target.destroy();
                target.waitFor();
            }
        }

        @Test
        void run_with_an_aot_cache_that_is_a_directory(@TempDir Path dir) throws Exception {
            assertOneErrorLine(spillway(dir, "run", "--no-agent", "--aot-cache", dir.toString(), "--out",
                    dir.resolve("out").toString(), "--", "java", "-version"), "--aot-cache " + dir + " is a directory");
        }

        @Test
        void run_with_an_aot_cache_in_a_missing_directory(@TempDir Path dir) throws Exception {
            Path cache = dir.resolve("missing").resolve("app.aot");
            assertOneErrorLine(spillway(dir, "run", "--no-agent", "--aot-cache", cache.toString(), "--out",
                    dir.resolve("out").toString(), "--", "java", "-version"), "its directory does not exist");
        }

        @Test
        void report_of_a_directory(@TempDir Path dir) throws Exception {
            assertOneErrorLine(spillway(dir, "report", dir.toString()), "is a directory, not a JFR recording");
        }

        @Test
        void compare_with_a_missing_recording(@TempDir Path dir) throws Exception {
            assertOneErrorLine(spillway(dir, "compare", dir.resolve("base.jfr").toString(),
                    dir.resolve("candidate.jfr").toString()), "no such file");
        }

        @Test
        void report_into_a_path_that_cannot_be_created(@TempDir Path dir) throws Exception {
            Path recording = dir.resolve("empty-but-valid.jfr");
            try (Recording jfr = new Recording()) {
                jfr.start();
                jfr.stop();
                jfr.dump(recording);
            }
            Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");

            Jvm.Run run = spillway(dir, "report", recording.toString(), "-o", notADirectory.resolve("report.html").toString());

            assertEquals(2, run.exitCode(), run.err());
            List<String> errors = run.errLines().stream().filter(line -> !line.startsWith("spillway: ")).toList();
            assertEquals(List.of("error: cannot write " + notADirectory.resolve("report.html") + ": " + notADirectory
                    + " is not a directory"), errors, run.err());
            assertFalse(run.err().contains("reading "), "refused before reading the recording: " + run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    /**
     * The agent on a real JVM: one {@code spillway: error:} line naming the option and where it came from, the agent
     * disabled, the application's output unchanged.
     */
    @Nested
    class The_agent {

        private Jvm.Run app(List<String> environment, String options) throws Exception {
            List<String> command = Jvm.java(List.of(Jvm.agent(options)), null, FaultApp.class, "churn", "2");
            ProcessBuilder builder = new ProcessBuilder(command);
            for (int i = 0; i < environment.size(); i += 2) {
                builder.environment().put(environment.get(i), environment.get(i + 1));
            }
            return Jvm.run(builder, TIMEOUT);
        }

        private void assertDisabledWithOneLine(Jvm.Run run, String containing) {
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("churn " + FaultApp.churn(2), run.out().strip());
            List<String> errors = run.errLines().stream().filter(line -> line.startsWith("spillway: error: ")).toList();
            assertEquals(1, errors.size(), run.err());
            assertTrue(errors.getFirst().contains(containing) && errors.getFirst().endsWith("the agent is disabled"),
                    run.err());
        }

        @Test
        void a_malformed_value_in_an_environment_variable(@TempDir Path dir) throws Exception {
            assertDisabledWithOneLine(app(List.of("SPILLWAY_THRESHOLD", "12q"), DESIGNATE + ",out=" + dir),
                    "option threshold='12q' (from environment variable SPILLWAY_THRESHOLD) is invalid");
        }

        @Test
        void a_config_file_that_is_a_directory(@TempDir Path dir) throws Exception {
            assertDisabledWithOneLine(app(List.of(), "config=" + dir), "cannot be read (IOException: Is a directory)");
        }

        @Test
        void a_config_file_with_a_malformed_unicode_escape(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("agent.properties"), "threshold=\\uZZZZ\n");

            assertDisabledWithOneLine(app(List.of(), "config=" + file), "Malformed \\uxxxx encoding");
        }

        @Test
        void a_config_file_that_is_not_utf_8(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("agent.properties");
            Files.write(file, "designate=com.acme.**\n".getBytes(StandardCharsets.UTF_16));

            assertDisabledWithOneLine(app(List.of(), "config=" + file), "cannot be read (MalformedInputException");
        }
    }

    /**
     * {@code spillway run} hands {@code --designate} and {@code --agent} to the agent with {@code strict=true}: the agent
     * judges its own options, and a bad one stops the session before the application starts.
     */
    @Nested
    class A_session_started_by_the_command_line {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "--designate | java.util.**   | option designate='java.util.**' (from agent arguments) is invalid: 'java.util.**' names JDK classes",
                "--agent     | colour=blue    | colour"})
        void with_an_option_the_agent_refuses_stops_with_exit_2_before_the_application_runs(String flag, String value,
                String reason, @TempDir Path dir) throws Exception {
            List<String> args = new ArrayList<>(List.of("run", flag, value));
            if (!flag.equals("--designate")) {
                args.addAll(List.of("--designate", "dev.spillway.reliability.faults.app.**"));
            }
            args.addAll(List.of("--out", dir.resolve("out").toString(), "--", Fixtures.java().toString(), "-cp",
                    Fixtures.testClasses().toString(), FaultApp.class.getName(), "churn", "2"));

            Jvm.Run run = spillway(dir, args.toArray(String[]::new));

            assertEquals(2, run.exitCode(), run.err());
            assertFalse(run.out().contains("churn "), "the application must not run: " + run.out());
            assertTrue(run.err().contains("spillway: error: ") && run.err().contains(reason), run.err());
            List<String> errors = run.errLines().stream().filter(line -> line.startsWith("error: ")).toList();
            assertEquals(List.of("error: the agent refused its options (its reason is the line above); the application "
                    + "did not run"), errors, run.err());
        }

        @Test
        void with_strict_false_chosen_by_the_user_runs_the_application_uninstrumented_and_the_agent_says_why(
                @TempDir Path dir) throws Exception {
            Jvm.Run run = spillway(dir, "run", "--designate", "java.util.**", "--agent", "strict=false", "--out",
                    dir.resolve("out").toString(), "--", Fixtures.java().toString(), "-cp",
                    Fixtures.testClasses().toString(), FaultApp.class.getName(), "churn", "2");

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("churn " + FaultApp.churn(2)), run.out());
            assertTrue(run.err().contains("spillway: error: option designate='java.util.**' (from agent arguments) is "
                    + "invalid: 'java.util.**' names JDK classes"), run.err());
        }
    }
}
