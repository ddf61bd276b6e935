package dev.spillway.samples.demo;

import dev.spillway.samples.load.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's orchestration on a tiny plan in real child JVMs, with no agent jar to be found. */
class DemoRunTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void without_an_agent_jar_runs_the_baseline_says_so_plainly_and_exits_incomplete() throws Exception {
        List<String> args = List.of("--operations", "40", "--concurrency", "2", "--seed", "7", "--min-size", "1m", "--max-size", "2m");
        DemoPlan plan = new DemoPlan(List.of(
                new RunSpec("relay-g1-baseline", Workload.RELAY, Collector.G1, "64m", false, args),
                new RunSpec("relay-g1-agent", Workload.RELAY, Collector.G1, "64m", true, args)));
        ChildRun runner = new ChildRun(ChildRun.currentJava(), System.getProperty("java.class.path"), dir.resolve("demo"), 120);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Demo demo = new Demo(plan, runner, AgentJar.in(dir.resolve("no-such-home")),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        DemoSummary.Status status = demo.run(true);

        String printed = console.toString(StandardCharsets.UTF_8);
        assertEquals(DemoSummary.Status.INCOMPLETE, status, printed);
        assertTrue(printed.contains("does not exist"), printed);
        assertTrue(printed.contains("NOT a baseline-vs-agent comparison"), printed);

        Map<String, Object> summary = Json.parseObject(Files.readString(dir.resolve("demo/summary.json")));
        assertEquals(false, summary.get("complete"));
        List<Object> runs = (List<Object>) summary.get("runs");
        assertEquals(1, runs.size());
        Map<String, Object> baseline = (Map<String, Object>) runs.getFirst();
        Map<String, Object> gc = (Map<String, Object>) baseline.get("gc");
        assertTrue((Long) gc.get("humongousCollections") > 0, "1-2 MiB bodies in a 64 MiB heap cause humongous collections: " + gc);
        long moved = (Long) ((Map<String, Object>) baseline.get("result")).get("bytes");
        assertTrue((Long) baseline.get("largeArrayBytes") >= moved / 2, "the relay's body arrays are seen as large arrays");
        assertEquals(List.of(Map.of("name", "relay-g1-agent", "reason", "agent jar not found")), summary.get("skippedRuns"));
        assertTrue(Files.readString(dir.resolve("demo/report.html")).contains("relay-g1-baseline.html"),
                "report.html links the reporter's report of the single relay run");
        assertTrue(Files.size(dir.resolve("demo/relay-g1-baseline.html")) > 0);
        assertTrue(Files.size(dir.resolve("demo/relay-g1-baseline.jfr")) > 0);
    }

    @Test
    void refuses_unknown_options_as_bad_input() {
        assertThrows(IllegalArgumentException.class, () -> DemoMain.run(new String[] {"--fast"}));
    }
}
