package dev.spillway.agent.sites;

import java.util.Arrays;

/**
 * A site's cumulative counters at one instant, as reported in SiteSummary events and sites.json.
 *
 * @param histogram {@code histogram[i]} counts allocations of size {@code s} with {@code floor(log2(s)) == i}
 *     (0 and 1 in bucket 0), without trailing empty buckets
 */
public record SiteStatistics(
        long allocations,
        long bytes,
        long largeAllocations,
        long largeBytes,
        long humongousAllocations,
        long humongousBytes,
        long redirectedAllocations,
        long redirectedBytes,
        long fallbackAllocations,
        long belowThresholdAllocations,
        long[] histogram) {

    public SiteStatistics {
        histogram = histogram.clone();
    }

    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SiteStatistics that && allocations == that.allocations && bytes == that.bytes
                && largeAllocations == that.largeAllocations && largeBytes == that.largeBytes
                && humongousAllocations == that.humongousAllocations && humongousBytes == that.humongousBytes
                && redirectedAllocations == that.redirectedAllocations
                && redirectedBytes == that.redirectedBytes && fallbackAllocations == that.fallbackAllocations
                && belowThresholdAllocations == that.belowThresholdAllocations
                && Arrays.equals(histogram, that.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(allocations) * 31 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "SiteStatistics[allocations=" + allocations + ", bytes=" + bytes + ", large=" + largeAllocations
                + ", humongous=" + humongousAllocations + ", histogram=" + Arrays.toString(histogram) + "]";
    }
}
