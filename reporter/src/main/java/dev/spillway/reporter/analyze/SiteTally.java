package dev.spillway.reporter.analyze;

import java.util.HashMap;
import java.util.Map;

import dev.spillway.reporter.read.Site;

/**
 * What one site allocated, per source, with the bytes since the last collection kept apart for attribution.
 * Sizes from {@code jdk.ObjectAllocationOutsideTLAB} are also kept as a log2 histogram, which decides
 * "humongous" exactly because G1 regions (and so half regions) are powers of two.
 */
final class SiteTally {
    private static final int THREAD_LIMIT = 8;

    Site site;
    long sampleBytes;
    long samples;
    long tlabAllocations;
    long tlabBytes;
    long tlabMaxSize;
    final long[] tlabLog2Allocations = new long[64];
    final long[] tlabLog2Bytes = new long[64];
    long agentAllocations;
    long agentBytes;
    long agentHumongousBytes;
    long agentMaxSize;
    Report.Verdict verdict;
    long escapes;
    String escapeDetail;

    long intervalAgentBytes;
    long intervalAgentHumongousBytes;
    long intervalTlabBytes;
    long intervalTlabHumongousBytes;
    double attributedPauseNanos;
    /** Whether the analyzer's set of sites allocating since the last collection, and of sampled sites, hold this one. */
    boolean inTouched;
    boolean inSampled;
    private double decayedSampleBytes;
    private long decayedAt;

    /** Bytes by thread name, each sum in an array of one so that adding to it is one look-up and no boxing. */
    private final Map<String, long[]> bytesByThread = new HashMap<>();

    SiteTally(Site site) {
        this.site = site;
    }

    void thread(String name, long bytes) {
        if (name == null) {
            return;
        }
        long[] sum = bytesByThread.get(name);
        if (sum != null) {
            sum[0] += bytes;
        } else if (bytesByThread.size() < THREAD_LIMIT) {
            bytesByThread.put(name, new long[] {bytes});
        }
    }

    /** The thread that allocated the most bytes here; of threads with equal sums, the first in the map's order. */
    String topThread() {
        String top = null;
        long most = Long.MIN_VALUE;
        for (Map.Entry<String, long[]> entry : bytesByThread.entrySet()) {
            if (entry.getValue()[0] > most) {
                most = entry.getValue()[0];
                top = entry.getKey();
            }
        }
        return top;
    }

    long tlabBytesAtLeast(long size) {
        int from = 63 - Long.numberOfLeadingZeros(Math.max(1, size));
        long bytes = 0;
        for (int i = from; i < 64; i++) {
            bytes += tlabLog2Bytes[i];
        }
        return bytes;
    }

    /** Adds sampled bytes to an exponentially decaying sum (time constant {@code tauNanos}). */
    void addDecayedSample(long time, long bytes, double tauNanos) {
        decayedSampleBytes = decayedSampleBytes(time, tauNanos) + bytes;
        decayedAt = Math.max(decayedAt, time);
    }

    double decayedSampleBytes(long now, double tauNanos) {
        return now <= decayedAt ? decayedSampleBytes : decayedSampleBytes * Math.exp(-(now - decayedAt) / tauNanos);
    }

    long decayedAt() {
        return decayedAt;
    }

    void clearInterval() {
        intervalAgentBytes = 0;
        intervalAgentHumongousBytes = 0;
        intervalTlabBytes = 0;
        intervalTlabHumongousBytes = 0;
    }
}
