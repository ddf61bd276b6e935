package dev.spillway.samples.demo;

import dev.spillway.samples.load.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick demo's G1 runs with the real agent: the proof the project exists for. Needs the agent
 * jar, which a whole-project build packages before these tests; tagged {@value #TAG} so that a
 * build of this module alone can leave it out with {@code -Dsamples.excludedGroups=agent-redirect}
 * (see docs/SAMPLES.md).
 */
@Tag(DemoEndToEndTest.TAG)
class DemoEndToEndTest {

    static final String TAG = "agent-redirect";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void with_the_agent_the_outputs_stay_the_same_bytes_are_redirected_and_humongous_collections_drop() throws Exception {
        Path home = Path.of(System.getProperty("spillway.home", "..")).toAbsolutePath().normalize();
        AgentJar agent = AgentJar.in(home);
        assertTrue(agent.exists(), "build the agent first: ./mvnw -B -pl agent -am package (looked for " + agent.path() + ")");
        DemoPlan plan = new DemoPlan(DemoPlan.standard(true, false).runs().stream()
                .filter(run -> run.collector() == Collector.G1).toList());
        ChildRun runner = new ChildRun(ChildRun.currentJava(), System.getProperty("java.class.path"), dir, 300);

        DemoSummary.Status status = new Demo(plan, runner, agent, new PrintStream(System.out, true, StandardCharsets.UTF_8))
                .run(true);

        assertEquals(DemoSummary.Status.COMPLETE, status);
        assertTrue(Files.size(dir.resolve("relay-comparison.html")) > 0, "the reporter compared the relay runs");
        Map<String, Object> summary = Json.parseObject(Files.readString(dir.resolve("summary.json")));
        Map<Object, List<Map<String, Object>>> byWorkload = ((List<Object>) summary.get("runs")).stream()
                .map(run -> (Map<String, Object>) run)
                .collect(Collectors.groupingBy(run -> run.get("workload")));
        assertEquals(2, byWorkload.size());
        byWorkload.forEach((workload, runs) -> {
            Map<String, Object> baseline = runs.stream().filter(run -> !(Boolean) run.get("agent")).findFirst().orElseThrow();
            Map<String, Object> withAgent = runs.stream().filter(run -> (Boolean) run.get("agent")).findFirst().orElseThrow();
            assertEquals(baseline.get("outputChecksum"), withAgent.get("outputChecksum"), workload + ": same output");
            assertTrue((Long) withAgent.get("redirectedBytes") > 0, workload + ": the agent redirected bytes");
            long before = (Long) ((Map<String, Object>) baseline.get("gc")).get("humongousCollections");
            long after = (Long) ((Map<String, Object>) withAgent.get("gc")).get("humongousCollections");
            assertTrue(after < before, workload + ": humongous collections " + before + " -> " + after);
        });
    }
}
