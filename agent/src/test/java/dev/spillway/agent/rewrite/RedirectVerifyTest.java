package dev.spillway.agent.rewrite;

import static dev.spillway.agent.rewrite.RedirectHarness.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.verify.EscapeChecker;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify=true}: two sites the analysis rightly keeps are forced to be redirected through the decider's
 * test-only hook, so that the run-time checker has real escapes to find.
 */
class RedirectVerifyTest {
    private static final int LARGE = 128 * 1024;
    private static final Set<String> MISPROVEN = Set.of("escapeToField", "escapeBufferToField");

    private RedirectHarness harness;
    private EscapeChecker checker;

    @BeforeEach
    void start() {
        harness = new RedirectHarness(settings(64L << 20, 64L << 20, true),
                decider -> decider.forcingRedirectOf(site -> MISPROVEN.contains(site.methodName())));
        checker = harness.allocator.checker();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /**
     * Collects until the checker has seen two full collections since the last release, and checks; the checker's
     * own thread may have done the check first, so the result is the checker's total.
     */
    private long collectAndCheck() {
        System.gc();
        System.gc();
        checker.check();
        return checker.escapes();
    }

    @Test
    void anArrayStillReachableAfterItsMethodReturnedIsReportedAndTheSiteStopsBeingRedirected(@TempDir Path dir)
            throws Throwable {
        harness.load("Shapes");
        SiteEntry site = harness.site("Shapes", "escapeToField");
        assertEquals("REDIRECTED_RECYCLED", site.decision().verdict().name());
        try (Recording recording = new Recording()) {
            recording.enable("dev.spillway.EscapeObserved");
            recording.start();
            harness.call("Shapes", "escapeToField", LARGE);
            assertEquals(1, collectAndCheck());
            recording.stop();
            Path file = dir.resolve("verify.jfr");
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(event -> event.getEventType().getName().equals("dev.spillway.EscapeObserved")).toList();
            assertEquals(1, events.size());
            assertEquals(site.site().id(), events.get(0).getString("site"));
        }
        SiteDecision now = harness.registry.entry(site.index()).decision();
        assertEquals("KEPT", now.verdict().name());
        assertEquals("escape-observed", now.reasonToken());
        assertTrue(harness.log.get(0).startsWith("escape observed at " + site.site().id()), harness.log.get(0));

        harness.call("Shapes", "escapeToField", LARGE);
        assertEquals(1, harness.statistics("Shapes", "escapeToField").redirectedAllocations());
        assertEquals(2, harness.statistics("Shapes", "escapeToField").allocations());
    }

    @Test
    void aBufferWrittenAfterItsMethodReturnedIsReported() throws Throwable {
        harness.call("Shapes", "escapeBufferToField", LARGE);
        ByteBuffer escaped = (ByteBuffer) harness.load("Shapes").getField("keptBuffer").get(null);
        escaped.put(100, (byte) 1);
        checker.check();
        assertEquals(1, checker.escapes());
        SiteDecision now = harness.site("Shapes", "escapeBufferToField").decision();
        assertEquals("escape-observed", now.reasonToken());
        assertEquals("a released buffer was written to after its method returned", now.detail());
    }

    @Test
    void sitesThatReallyStayLocalAreNeverReported() throws Throwable {
        for (int i = 0; i < 5; i++) {
            harness.call("Local", "sum", LARGE);
            harness.call("Local", "checksum", LARGE, 3);
        }
        assertEquals(0, collectAndCheck());
        assertEquals(0, checker.watching());
        assertEquals(0, checker.escapes());
        assertEquals("REDIRECTED_RECYCLED", harness.site("Local", "sum").decision().verdict().name());
        // Fifteen buffers were released into a quarantine of 1 MiB: the oldest were checked and freed.
        assertEquals(1 << 20, checker.quarantinedBytes());
        checker.drain();
        assertEquals(0, checker.quarantinedBytes());
        assertEquals(0, harness.allocator.poolIfStarted().metric().usedBytes());
    }
}
