package dev.spillway.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.config.Mode;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteKind;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteReportTest {
    private static final RunInfo RUN = new RunInfo("0.1.0", Mode.PROFILE, 65_536,
            ClassPatterns.parse("com.acme.**"), ClassPatterns.none(), false, Instant.parse("2026-11-21T12:00:00Z"));
    private static final HeapGeometry G1 = new HeapGeometry("G1", 1 << 20, 16);

    private final SiteRegistry registry = new SiteRegistry();

    @SuppressWarnings("unchecked")
    private Map<String, Object> render() {
        return (Map<String, Object>) Json.parse(
                SiteReport.render(RUN, G1, registry.entries(), Instant.parse("2026-11-21T12:01:00Z")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @Nested
    class Renders {
        @Test
        void theHeaderOfTheContract() {
            Map<String, Object> report = render();
            assertEquals("spillway-sites/1", report.get("format"));
            assertEquals("0.1.0", report.get("agentVersion"));
            assertEquals(Map.of("version", Runtime.version().toString(), "gc", "G1", "regionSize", 1048576L),
                    report.get("jvm"));
            assertEquals(Map.of("mode", "profile", "threshold", 65536L, "designate", "com.acme.**", "exclude", "",
                    "verify", false), report.get("options"));
            assertEquals("2026-11-21T12:00:00Z", report.get("startedAt"));
            assertEquals("2026-11-21T12:01:00Z", report.get("writtenAt"));
            assertEquals(List.of(), report.get("sites"));
        }

        @Test
        void everySiteWithItsIdentityDecisionAndCounters() {
            Site site = new Site("com.acme.Relay", "copy", "(Ljava/io/InputStream;)V", 17, 42, SiteKind.NEW_BYTE_ARRAY);
            int index = registry.register(site, SiteDecision.profiled());
            registry.entry(index).counters().recordAllocation(3);
            registry.entry(index).counters().recordAllocation(1 << 20);
            registry.entry(index).counters().recordLarge(1 << 20);
            registry.entry(index).counters().recordHumongous(1 << 20);

            Map<String, Object> entry = object(((List<?>) render().get("sites")).getFirst());
            assertEquals("com.acme.Relay#copy(Ljava/io/InputStream;)V@17", entry.get("site"));
            assertEquals("com.acme.Relay", entry.get("className"));
            assertEquals("copy", entry.get("methodName"));
            assertEquals("(Ljava/io/InputStream;)V", entry.get("descriptor"));
            assertEquals(17L, entry.get("bci"));
            assertEquals(42L, entry.get("line"));
            assertEquals("NEW_BYTE_ARRAY", entry.get("kind"));
            assertEquals("PROFILED", entry.get("verdict"));
            assertTrue(entry.containsKey("reason") && entry.get("reason") == null);
            assertTrue(entry.containsKey("detail") && entry.get("detail") == null);
            assertEquals(2L, entry.get("allocations"));
            assertEquals((1L << 20) + 3, entry.get("bytes"));
            assertEquals(1L, entry.get("largeAllocations"));
            assertEquals(1L, entry.get("humongousAllocations"));
            assertEquals(0L, entry.get("redirectedAllocations"));
            List<Long> histogram = new java.util.ArrayList<>(java.util.Collections.nCopies(21, 0L));
            histogram.set(1, 1L);
            histogram.set(20, 1L);
            assertEquals(histogram, entry.get("histogram"));
        }

        @Test
        void sitesThatNeverRanWithZeroCountersAndAnEmptyHistogram() {
            registry.register(new Site("a.B", "m", "()V", 0, -1, SiteKind.DIRECT_BUFFER), SiteDecision.profiled());
            Map<String, Object> entry = object(((List<?>) render().get("sites")).getFirst());
            assertEquals(0L, entry.get("allocations"));
            assertEquals(-1L, entry.get("line"));
            assertEquals(List.of(), entry.get("histogram"));
        }

        @ParameterizedTest(name = "a detail of {0}")
        @ValueSource(strings = {"stored into field a.B.\"quoted\"", "back\\slash", "tab\there", "new\nline",
            "control\u0001char", "unicode \u00e9\u4e2d\ud83d\ude00", "line\u2028separator"})
        void stringsEscapedSoThatTheyReadBackUnchanged(String detail) {
            registry.register(new Site("a.B", "m", "()V", 0, 1, SiteKind.NEW_BYTE_ARRAY),
                    new SiteDecision(Verdict.KEPT, Reason.ESCAPES_FIELD, detail));
            Map<String, Object> entry = object(((List<?>) render().get("sites")).getFirst());
            assertEquals(detail, entry.get("detail"));
            assertEquals("escapes-field", entry.get("reason"));
        }
    }

    @Nested
    class Writes {
        @Test
        void sitesJsonIntoTheOutDirectoryCreatingItAndReplacingAnOldReport(@TempDir Path directory)
                throws IOException {
            Path out = directory.resolve("nested/out");
            SiteReport.write(out, "old");
            Path written = SiteReport.write(out, "{\"new\":true}\n");
            assertEquals(out.resolve("sites.json"), written);
            assertEquals("{\"new\":true}\n", Files.readString(written, StandardCharsets.UTF_8));
            try (var files = Files.list(out)) {
                assertEquals(List.of(written), files.toList());
            }
        }
    }
}
