package dev.spillway.allocator.internal;

import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.LeakReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-allocation records for what counters cannot tell: tags (bytes in use per tag) and allocation stack traces
 * for leak reports. Only tagged or sampled allocations are recorded, so untagged allocations at
 * {@link LeakDetection#SIMPLE} cost nothing here. Thread-safe.
 */
public final class AllocationRecords {

    /** What is known about one recorded allocation. */
    private record Record(long size, String tag, Throwable allocatedAt) {
    }

    private final LeakDetection level;
    private final long samplingInterval;
    private final ConcurrentHashMap<Long, Record> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> bytesByTag = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean any;

    /**
     * @param level what to record
     * @param samplingInterval at {@link LeakDetection#ADVANCED}, one allocation in this many keeps its stack trace
     */
    public AllocationRecords(LeakDetection level, long samplingInterval) {
        this.level = level;
        this.samplingInterval = Sizes.checkAtLeast("leak sampling interval", samplingInterval, 1);
    }

    /** @return whether some allocations may be recorded, so frees must look them up */
    public boolean mayHaveRecords() {
        return any;
    }

    /** @return whether an untagged allocation is recorded at this level (it samples stack traces) */
    public boolean samplesTraces() {
        return level == LeakDetection.ADVANCED || level == LeakDetection.PARANOID;
    }

    /**
     * Records an allocation if it is tagged or sampled.
     *
     * @param address its address, the key for {@link #removed}
     * @param size bytes accounted for it
     * @param tag its tag or {@code null}
     */
    public void allocated(long address, long size, String tag) {
        Throwable trace = switch (level) {
            case PARANOID -> new Throwable("allocated here");
            case ADVANCED -> sequence.getAndIncrement() % samplingInterval == 0 ? new Throwable("allocated here") : null;
            default -> null;
        };
        if (tag == null && trace == null) {
            return;
        }
        any = true;
        live.put(address, new Record(size, tag == null ? "" : tag, trace));
        if (tag != null) {
            bytesByTag.computeIfAbsent(tag, t -> new LongAdder()).add(size);
        }
    }

    /** @param address of an allocation being freed; forgets its record if there is one */
    public void removed(long address) {
        Record record = live.remove(address);
        if (record != null && !record.tag().isEmpty()) {
            bytesByTag.get(record.tag()).add(-record.size());
        }
    }

    /** @return bytes in use per tag, tags with nothing in use left out */
    public Map<String, Long> usedBytesByTag() {
        Map<String, Long> result = new HashMap<>();
        bytesByTag.forEach((tag, bytes) -> {
            long value = bytes.sum();
            if (value != 0) {
                result.put(tag, value);
            }
        });
        return result;
    }

    /**
     * @param allocator name for the report
     * @param leakedAllocations count not freed, from the allocator's counters
     * @param leakedBytes bytes not freed
     * @param bytesBySizeClass leaked bytes per size class
     * @return the report, with untagged leaked bytes under {@code ""} when tags are in use
     */
    public LeakReport report(String allocator, long leakedAllocations, long leakedBytes,
            Map<Long, Long> bytesBySizeClass) {
        Map<String, Long> byTag = usedBytesByTag();
        long tagged = byTag.values().stream().mapToLong(Long::longValue).sum();
        if (leakedBytes > tagged && !byTag.isEmpty()) {
            byTag.put("", leakedBytes - tagged);
        }
        List<LeakReport.LeakedAllocation> samples = new ArrayList<>();
        live.values().stream().filter(r -> r.allocatedAt() != null).forEach(r -> samples.add(
                new LeakReport.LeakedAllocation(r.size(), r.tag(), Arrays.asList(r.allocatedAt().getStackTrace()))));
        return new LeakReport(allocator, leakedAllocations, leakedBytes, bytesBySizeClass, byTag, samples);
    }
}
