package dev.spillway.reliability.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.faults.app.FaultApp;
import dev.spillway.reliability.support.Fixtures;
import dev.spillway.reliability.support.Jvm;
import dev.spillway.reliability.support.Sites;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.tools.ToolProvider;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Faults around an application running under the agent: the application keeps running with correct output, and
 * the agent says what happened. Each test runs {@link FaultApp} in a JVM of its own with {@code -javaagent}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FaultsTest {
    private static final String DESIGNATE = "designate=dev.spillway.reliability.faults.app.**";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static Jvm.Run app(List<String> jvmOptions, String extraClassPath, String... args) throws Exception {
        return Jvm.run(Jvm.java(jvmOptions, extraClassPath, FaultApp.class, args), TIMEOUT);
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Nested
    class When_a_transformation_throws {

        /**
         * The injected failure: a designated class whose one method is so close to the 64 KiB limit that the probes
         * the rewrite adds before its 9,000 sites push it over, so the agent's class writer throws.
         */
        @Test
        void the_class_runs_unchanged_with_correct_output_and_the_agent_names_it(@TempDir Path dir) throws Exception {
            int sites = 9_000;
            Path classes = dir.resolve("classes");
            Path file = classes.resolve("dev/spillway/reliability/faults/app/Huge.class");
            Files.createDirectories(file.getParent());
            Files.write(file, hugeClass(sites));

            Jvm.Run run = app(List.of(Jvm.agent(DESIGNATE + ",out=" + dir.resolve("out"))), classes.toString(),
                    "load", "dev.spillway.reliability.faults.app.Huge");

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("load " + sites * 100, run.out().strip());
            assertTrue(run.err().contains("could not instrument dev.spillway.reliability.faults.app.Huge; it runs unchanged"),
                    run.err());
            assertNoStackTrace(run.err());
        }

        /** {@code public static int run()}: {@code sum += new byte[100].length}, {@code sites} times. */
        private static byte[] hugeClass(int sites) {
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "dev/spillway/reliability/faults/app/Huge", null,
                    "java/lang/Object", null);
            MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()I", null, null);
            method.visitCode();
            method.visitInsn(Opcodes.ICONST_0);
            for (int i = 0; i < sites; i++) {
                method.visitIntInsn(Opcodes.BIPUSH, 100);
                method.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_BYTE);
                method.visitInsn(Opcodes.ARRAYLENGTH);
                method.visitInsn(Opcodes.IADD);
            }
            method.visitInsn(Opcodes.IRETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
            writer.visitEnd();
            return writer.toByteArray();
        }
    }

    @Nested
    class When_the_Prometheus_port_is_taken {

        @Test
        void the_application_runs_with_correct_output_and_the_agent_says_the_endpoint_did_not_start(@TempDir Path dir)
                throws Exception {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = taken.getLocalPort();

                Jvm.Run run = app(List.of(Jvm.agent(DESIGNATE + ",metrics=" + port + ",out=" + dir)), null, "churn", "20");

                assertEquals(0, run.exitCode(), run.err());
                assertEquals("churn " + FaultApp.churn(20), run.out().strip());
                assertTrue(run.errLines().stream().anyMatch(line -> line.startsWith("spillway: warn: the metrics endpoint "
                        + "could not start on") && line.contains(String.valueOf(port))), run.err());
                assertNoStackTrace(run.err());
                assertEquals(4, Sites.read(dir.resolve("sites.json")).sites(), "the report lists FaultApp's four sites");
            }
        }
    }

    @Nested
    class When_the_out_directory_is_not_writable {

        @Test
        void the_application_runs_with_correct_output_and_the_agent_says_the_report_was_not_written(@TempDir Path dir)
                throws Exception {
            // A directory below a regular file can never be created, even by root.
            Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
            Path out = file.resolve("out");

            Jvm.Run run = app(List.of(Jvm.agent(DESIGNATE + ",out=" + out)), null, "churn", "20");

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("churn " + FaultApp.churn(20), run.out().strip());
            assertTrue(run.errLines().stream().anyMatch(line -> line.startsWith("spillway: error: could not write the "
                    + "site report to " + out)), run.err());
            assertNoStackTrace(run.err());
        }
    }

    @Nested
    class When_attach_targets_a_JVM_that_exits_during_attach {

        @Test
        void attach_ends_with_success_or_one_error_line_and_the_target_finishes_normally() throws Exception {
            List<String> command = Jvm.java(List.of("-XX:+EnableDynamicAgentLoading"), null, FaultApp.class, "wait", "400");
            Process target = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String ready = out.readLine();
                assertTrue(ready != null && ready.startsWith("ready "), String.valueOf(ready));
                String pid = ready.substring("ready ".length());

                Jvm.Run attach = Jvm.run(List.of(Fixtures.java().toString(), "-jar", Fixtures.agentJar().toString(),
                        "attach", pid, DESIGNATE), TIMEOUT);

                assertTrue(target.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the target exits");
                assertEquals(0, target.exitValue());
                assertEquals("done", out.readLine());
                assertTrue(attach.exitCode() == 0 || attach.exitCode() == 2, attach.exitCode() + ": " + attach.err());
                if (attach.exitCode() == 2) {
                    List<String> errors = attach.errLines().stream().filter(line -> line.startsWith("error: ")).toList();
                    assertEquals(1, errors.size(), attach.err());
                }
                assertNoStackTrace(attach.err());
            } finally {
                target.destroyForcibly();
            }
        }
    }

    @Nested
    class When_the_agent_is_started_on_JDK_17 {

        /** JDK 21 is not installed on the machine these tests were written on; JDK 17 is the older JVM tested. */
        @Test
        void the_application_runs_uninstrumented_with_correct_output_and_one_line_saying_why(@TempDir Path dir)
                throws Exception {
            Path oldJava = Path.of(System.getProperty("spillway.old.java"));
            Path source = Files.writeString(dir.resolve("Hello.java"),
                    "public class Hello { public static void main(String[] a) { System.out.println(new byte[300000].length); } }");
            assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                    dir.toString(), source.toString()));

            Jvm.Run run = Jvm.run(List.of(oldJava.toString(), "-javaagent:" + Fixtures.agentJar() + "=designate=Hello",
                    "-cp", dir.toString(), "Hello"), TIMEOUT);

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("300000", run.out().strip());
            assertEquals(List.of("spillway: the agent needs Java 25 or newer and this JVM is Java 17; the application "
                    + "runs without it"), run.errLines());
        }
    }

    /** With {@code mode=redirect}: when the allocator cannot serve a proven site, the site allocates plainly. */
    @Nested
    class Under_mode_redirect {

        @Test
        void when_the_off_heap_limit_is_reached_mid_run_buffers_fall_back_and_the_output_is_correct(@TempDir Path dir)
                throws Exception {
            // Nine buffers of 120 MiB held at once: the agent's pool (limit 1 GiB) serves eight, the ninth falls back.
            int size = 120 << 20;

            Path recording = dir.resolve("run.jfr");

            Jvm.Run run = app(List.of("-XX:MaxDirectMemorySize=2g", "-Xlog:jfr+startup=error",
                    "-XX:StartFlightRecording:filename=" + recording,
                    Jvm.agent(DESIGNATE + ",mode=redirect,threshold=1m,out=" + dir)), null, "hold-buffers", "9",
                    String.valueOf(size));

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("hold-buffers " + expectedHold(9, size, false), run.out().strip());
            Sites sites = Sites.read(dir.resolve("sites.json"));
            assertTrue(sites.redirectedAllocations() >= 1 && sites.fallbackAllocations() >= 1, sites.toString());
            // When: each allocation's LargeAllocation event carries its outcome; the first served from the pool
            // come before the first fallback.
            List<String> outcomes = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (event.getEventType().getName().equals("dev.spillway.LargeAllocation")) {
                    outcomes.add(event.getStartTime() + " " + event.getString("outcome"));
                }
            }
            Collections.sort(outcomes);
            List<String> inOrder = outcomes.stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
            assertEquals(9, inOrder.size(), outcomes.toString());
            assertEquals("OFF_HEAP", inOrder.getFirst(), outcomes.toString());
            assertEquals(sites.fallbackAllocations(), inOrder.stream().filter("FALLBACK"::equals).count(), outcomes.toString());
            assertNoStackTrace(run.err());
        }

        @Test
        void when_the_recycler_cannot_serve_arrays_fall_back_and_the_output_is_correct(@TempDir Path dir)
                throws Exception {
            // With -Xmx128m the agent's recycler holds at most 32 MiB; arrays of 33 MiB are beyond what it serves.
            int size = 33 << 20;

            Jvm.Run run = app(List.of("-Xmx128m", Jvm.agent(DESIGNATE + ",mode=redirect,threshold=1m,out=" + dir)),
                    null, "hold-arrays", "2", String.valueOf(size));

            assertEquals(0, run.exitCode(), run.err());
            assertEquals("hold-arrays " + expectedHold(2, size, true), run.out().strip());
            Sites sites = Sites.read(dir.resolve("sites.json"));
            assertEquals(4, sites.redirectedSites(), "FaultApp's four sites are proven: " + sites);
            assertEquals(2, sites.fallbackAllocations(), sites.toString());
            assertEquals(0, sites.redirectedAllocations(), sites.toString());
            assertNoStackTrace(run.err());
        }

        /**
         * What {@code FaultApp hold-*} prints, computed in chunks rather than by holding the test JVM's own gigabyte:
         * the sum over {@code d = 1..depth} of the CRC-32 of {@code size} bytes that are all {@code d} (arrays) or
         * zero but for the first and last (buffers).
         */
        private static long expectedHold(int depth, int size, boolean filled) {
            byte[] chunk = new byte[1 << 20];
            long sum = 0;
            for (int d = 1; d <= depth; d++) {
                Arrays.fill(chunk, filled ? (byte) d : 0);
                CRC32 crc = new CRC32();
                crc.update(d);
                for (long left = size - 2L; left > 0; left -= chunk.length) {
                    crc.update(chunk, 0, (int) Math.min(chunk.length, left));
                }
                crc.update(d);
                sum += crc.getValue();
            }
            return sum;
        }
    }
}
