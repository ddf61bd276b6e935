package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.spillway.reporter.read.Observation;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.Site;

@DisplayName("Memory that does not grow with the recording")
class BoundedMemoryTest {

    @Test
    void aTimelineKeepsAtMostItsBucketsHoweverManyValuesArrive() {
        long hour = 3_600_000_000_000L;
        Timeline timeline = new Timeline(0, hour, Timeline.Aggregate.MAX);
        for (long t = 0; t < hour; t += 1_000_000L) {
            timeline.add(t, t % 7);
        }
        assertEquals(Timeline.BUCKETS, timeline.points(1).size());
    }

    @ParameterizedTest(name = "a {0} timeline keeps {1} of 1, 5, 3 in one bucket")
    @CsvSource({"MAX,5", "LAST,3", "SUM,9"})
    void aTimelineAggregatesWithinABucket(Timeline.Aggregate aggregate, double expected) {
        Timeline timeline = new Timeline(0, 1_000_000_000L, aggregate);
        timeline.add(1, 1);
        timeline.add(2, 5);
        timeline.add(3, 3);
        assertEquals(expected, timeline.points(1).getFirst().value());
    }

    @Test
    void sitesBeyondTheLimitAreMergedIntoOtherSites() {
        RecordingAnalyzer analyzer = new RecordingAnalyzer("synthetic", 0, new RecordingFileCheck.Span(1, 0, 1_000_000_000L, 2, 1));
        for (int i = 0; i < 6000; i++) {
            Site site = Site.of("com.acme.Generated" + i, "run", "()V", 1, 1, null);
            analyzer.accept(new Observation.OutsideTlabAllocation(i, "byte[]", 100_000, site, "main"));
        }
        Report report = analyzer.finish();
        assertEquals(5001, report.sites().siteCount());
        assertTrue(report.sites().rows().stream().anyMatch(r -> r.id().equals("(other sites)") && r.bytes() == 1000L * 100_000));
        assertEquals(6000L * 100_000, report.sites().totalBytes());
    }
}
