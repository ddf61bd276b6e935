package dev.spillway.samples.demo;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a run's {@link GcStats} straight from its recording with {@code jdk.jfr.consumer}.
 *
 * <p>INTERIM: this stands in for the reporter's analysis until the reporter's Java API lands; the
 * demo must then take its GC numbers from the reporter so that the terminal, summary.json and
 * report.html agree by construction. Delete this class then.
 */
final class JfrGcReader {

    private static final String BYTE_ARRAY = "[B";

    private JfrGcReader() {
    }

    static GcStats read(Path recording, long largeThreshold) throws IOException {
        long collections = 0;
        double sumOfPausesMs = 0;
        Map<String, Long> causes = new TreeMap<>();
        List<Double> pauses = new ArrayList<>();
        long largeBytes = 0;
        Map<String, Long> redirectedBySite = new HashMap<>();
        String agentMode = null;

        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.GarbageCollection" -> {
                        collections++;
                        causes.merge(event.getString("cause"), 1L, Long::sum);
                        sumOfPausesMs += millis(event.getDuration("sumOfPauses"));
                    }
                    case "jdk.GCPhasePause" -> pauses.add(millis(event.getDuration()));
                    case "jdk.ObjectAllocationOutsideTLAB", "jdk.ObjectAllocationInNewTLAB" -> {
                        if (event.getClass("objectClass") != null
                                && BYTE_ARRAY.equals(event.getClass("objectClass").getName())
                                && event.getLong("allocationSize") >= largeThreshold) {
                            largeBytes += event.getLong("allocationSize");
                        }
                    }
                    // SiteSummary counters are cumulative, so the largest value per site is its total.
                    case "dev.spillway.SiteSummary" -> redirectedBySite.merge(event.getString("site"), event.getLong("redirectedBytes"), Math::max);
                    case "dev.spillway.AgentConfiguration" -> agentMode = event.getString("mode");
                    default -> {
                    }
                }
            }
        }
        double pauseTotal = pauses.isEmpty() ? sumOfPausesMs : pauses.stream().mapToDouble(Double::doubleValue).sum();
        List<Double> sorted = pauses.stream().sorted().toList();
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        double max = sorted.isEmpty() ? 0 : sorted.getLast();
        long redirected = redirectedBySite.values().stream().mapToLong(Long::longValue).sum();
        return new GcStats(collections, round(pauseTotal), round(p99), round(max), causes, largeBytes, redirected, agentMode);
    }

    private static double millis(Duration duration) {
        return duration == null ? 0 : duration.toNanos() / 1e6;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
