package dev.spillway.allocator;

import java.util.List;
import java.util.Map;

/**
 * What an allocator still had handed out when it was closed.
 *
 * @param allocator the allocator's name
 * @param leakedAllocations allocations not freed
 * @param leakedBytes their bytes, counted as {@link AllocatorMetric#usedBytes()} counts them
 * @param bytesBySizeClass leaked slot bytes keyed by size class, huge allocations under {@code -1} (empty for
 *     allocators without size classes)
 * @param bytesByTag leaked bytes keyed by the tag given at allocation; untagged ones under {@code ""}
 * @param samples leaked allocations whose stack trace was recorded ({@link LeakDetection#ADVANCED} or
 *     {@link LeakDetection#PARANOID}); empty otherwise
 */
public record LeakReport(String allocator, long leakedAllocations, long leakedBytes, Map<Long, Long> bytesBySizeClass,
        Map<String, Long> bytesByTag, List<LeakedAllocation> samples) {

    /** Copies the collections so that the report is immutable. */
    public LeakReport {
        bytesBySizeClass = Map.copyOf(bytesBySizeClass);
        bytesByTag = Map.copyOf(bytesByTag);
        samples = List.copyOf(samples);
    }

    /** @return whether anything leaked */
    public boolean hasLeaks() {
        return leakedAllocations > 0;
    }

    /** @return a multi-line description for a log, with up to ten sampled stack traces */
    public String describe() {
        var text = new StringBuilder();
        text.append("allocator '").append(allocator).append("' closed with ").append(leakedAllocations)
                .append(" allocation(s) of ").append(leakedBytes).append(" bytes not freed");
        if (!bytesByTag.isEmpty()) {
            text.append("; by tag: ").append(bytesByTag);
        }
        if (!bytesBySizeClass.isEmpty()) {
            text.append("; by size class: ").append(bytesBySizeClass);
        }
        samples.stream().limit(10).forEach(sample -> {
            text.append(System.lineSeparator()).append("  ").append(sample.size()).append(" bytes, tag '")
                    .append(sample.tag()).append("', allocated at:");
            for (StackTraceElement frame : sample.allocatedAt()) {
                text.append(System.lineSeparator()).append("    at ").append(frame);
            }
        });
        return text.toString();
    }

    /**
     * One leaked allocation whose origin was recorded.
     *
     * @param size requested bytes
     * @param tag the allocation's tag, {@code ""} if none
     * @param allocatedAt where it was allocated, innermost frame first
     */
    public record LeakedAllocation(long size, String tag, List<StackTraceElement> allocatedAt) {
        /** Copies the frames. */
        public LeakedAllocation {
            allocatedAt = List.copyOf(allocatedAt);
        }
    }
}
