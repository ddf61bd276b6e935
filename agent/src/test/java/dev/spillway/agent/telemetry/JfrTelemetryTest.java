package dev.spillway.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.config.Mode;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteKind;
import dev.spillway.agent.sites.SiteRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JfrTelemetryTest {
    private static final HeapGeometry REGIONS = new HeapGeometry("G1", 1 << 20, 16);
    private static final RunInfo RUN = new RunInfo("test", Mode.PROFILE, 1000, ClassPatterns.parse("a.**"),
            ClassPatterns.parse("a.gen.*"), false, Instant.EPOCH);

    @TempDir
    Path directory;

    private final SiteRegistry registry = new SiteRegistry();
    private final Site copy = new Site("a.Relay", "copy", "(I)V", 17, 42, SiteKind.NEW_BYTE_ARRAY);
    private final Site idle = new Site("a.Relay", "idle", "()V", 3, 50, SiteKind.HEAP_BUFFER);
    private final int copyIndex = registry.register(copy, SiteDecision.profiled());
    private final AtomicLong clock = new AtomicLong();

    private List<RecordedEvent> record(int throttle, Consumer<AllocationRecorder> workload) throws IOException {
        AllocationRecorder recorder = new AllocationRecorder(registry, 1000, () -> REGIONS);
        registry.register(idle, SiteDecision.profiled());
        JfrTelemetry telemetry = new JfrTelemetry(RUN, recorder, throttle, clock::get);
        Path file = directory.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.spillway.LargeAllocation").withStackTrace();
            recording.enable("dev.spillway.SiteSummary").withPeriod(java.time.Duration.ofHours(1));
            recording.enable("dev.spillway.AgentConfiguration");
            recording.start();
            telemetry.start();
            try {
                workload.accept(recorder);
                telemetry.emitSummaries();
            } finally {
                telemetry.close();
            }
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(event -> event.getEventType().getName().equals(name)).toList();
    }

    @Nested
    class LargeAllocation {
        @Test
        void carriesTheSiteSizeHumongousOutcomeAndAStackTrace() throws IOException {
            List<RecordedEvent> events = named(record(20, recorder -> {
                recorder.record(999, copyIndex);
                recorder.record(600_000, copyIndex);
            }), "dev.spillway.LargeAllocation");

            assertEquals(1, events.size());
            RecordedEvent event = events.getFirst();
            assertEquals(copy.id(), event.getString("site"));
            assertEquals("a.Relay", event.getString("className"));
            assertEquals("copy", event.getString("methodName"));
            assertEquals("(I)V", event.getString("descriptor"));
            assertEquals(17, event.getInt("bci"));
            assertEquals(42, event.getInt("line"));
            assertEquals("NEW_BYTE_ARRAY", event.getString("kind"));
            assertEquals(600_000, event.getLong("size"));
            assertTrue(event.getBoolean("humongous"));
            assertEquals("PLAIN", event.getString("outcome"));
            assertEquals(1, event.getLong("weight"));
            assertEquals(600_000, event.getLong("weightBytes"));
            assertNotNull(event.getStackTrace());
            assertTrue(event.getStackTrace().getFrames().stream()
                    .anyMatch(frame -> frame.getMethod().getType().getName().equals(JfrTelemetryTest.class.getName())));
        }

        @ParameterizedTest(name = "throttle {0}/s, {1} allocations in one second then one later: {2} events")
        @CsvSource({"3, 10, 4", "1, 5, 2", "0, 7, 8"})
        void isThrottledPerSiteWithTheHeldBackAllocationsInTheNextWeight(int throttle, int burst, int expected)
                throws IOException {
            List<RecordedEvent> events = named(record(throttle, recorder -> {
                for (int i = 0; i < burst; i++) {
                    recorder.record(2000, copyIndex);
                }
                clock.addAndGet(1_000_000_000L);
                recorder.record(3000, copyIndex);
            }), "dev.spillway.LargeAllocation");

            assertEquals(expected, events.size());
            assertEquals(burst + 1, events.stream().mapToLong(event -> event.getLong("weight")).sum());
            assertEquals(2000L * burst + 3000,
                    events.stream().mapToLong(event -> event.getLong("weightBytes")).sum());
        }
    }

    @Nested
    class SiteSummary {
        @Test
        void reportsTheCumulativeCountersOfSitesThatAllocated() throws IOException {
            List<RecordedEvent> summaries = named(record(20, recorder -> {
                recorder.record(10, copyIndex);
                recorder.record(5000, copyIndex);
                recorder.record(700_000, copyIndex);
            }), "dev.spillway.SiteSummary");

            assertTrue(summaries.stream().noneMatch(event -> event.getString("site").equals(idle.id())));
            RecordedEvent last = summaries.getLast();
            assertEquals(copy.id(), last.getString("site"));
            assertEquals("PROFILED", last.getString("verdict"));
            assertEquals(null, last.getString("reason"));
            assertEquals(3, last.getLong("allocations"));
            assertEquals(705_010, last.getLong("bytes"));
            assertEquals(2, last.getLong("largeAllocations"));
            assertEquals(705_000, last.getLong("largeBytes"));
            assertEquals(1, last.getLong("humongousAllocations"));
            assertEquals(700_000, last.getLong("humongousBytes"));
            assertEquals(0, last.getLong("redirectedAllocations"));
            assertEquals(0, last.getLong("fallbackAllocations"));
            assertEquals(0, last.getLong("belowThresholdAllocations"));
        }
    }

    @Nested
    class AgentConfiguration {
        @Test
        void isEmittedWhenTelemetryStartsDuringARecordingAndAtEachChunkStart() throws IOException {
            List<RecordedEvent> events = named(record(20, recorder -> {}), "dev.spillway.AgentConfiguration");

            assertTrue(!events.isEmpty());
            RecordedEvent event = events.getFirst();
            assertEquals("test", event.getString("version"));
            assertEquals("profile", event.getString("mode"));
            assertEquals(1000, event.getLong("threshold"));
            assertEquals("a.**", event.getString("designate"));
            assertEquals("a.gen.*", event.getString("exclude"));
            assertEquals(1 << 20, event.getLong("regionSize"));
            assertEquals(false, event.getBoolean("verify"));
        }
    }
}
