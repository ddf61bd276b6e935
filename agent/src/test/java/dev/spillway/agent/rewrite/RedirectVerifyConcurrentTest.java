package dev.spillway.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code verify=true} under G1's concurrent cycles, the collector of most applications. A weak reference in the
 * young generation is traced like a strong one by a concurrent marking, so a released array that is old while
 * its fresh watching reference is young survives cycle after cycle; the checker must not call that an escape
 * (it did, in commons-compress's suite: docs/RELIABILITY.md), and must still report a real one.
 *
 * <p>Deterministic: with {@code -XX:+ExplicitGCInvokesConcurrent}, {@code System.gc()} returns after a complete
 * concurrent cycle, so the counts of collections do not depend on timing.
 */
class RedirectVerifyConcurrentTest {
    @Test
    void anOldArrayThatDiedWithItsMethodIsNeverReportedAndAnEscapedOneStillIs() throws Exception {
        List<String> output = run(ConcurrentCyclesApp.class.getName());

        assertEquals(List.of(
                "local, 2 cycles after its release: 0",
                "local, 32 cycles after its release: 0",
                "escaped, 30 cycles after its release: 1",
                "still watched: 0"), output);
    }

    private static List<String> run(String mainClass) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end; it printed:\n" + stdout);
        }
        assertEquals(0, process.exitValue(), stdout);
        return stdout.lines().toList();
    }
}
