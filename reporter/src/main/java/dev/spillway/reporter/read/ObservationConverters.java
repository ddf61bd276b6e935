package dev.spillway.reporter.read;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which events the reporter reads and how each becomes an {@link Observation}: one binder per event name. The
 * conversions keep the meaning documented on each observation; G1 region information is stateful (two regions
 * give the region size), so one instance serves one recording, fed in time order.
 */
final class ObservationConverters {
    /** The event whose threshold may make byte arrays below the default one large. */
    static final String AGENT_CONFIGURATION = "dev.spillway.AgentConfiguration";

    private final Map<String, EventConverter.Binder> binders = new LinkedHashMap<>();
    private final Set<String> inOrder = new HashSet<>();
    /** Outside-TLAB allocations below this size are not read (see {@link Observation.OutsideTlabAllocation}). */
    private final long smallestOutsideTlab;
    private long regionInfoIndex = -1;
    private long regionInfoStart;
    private boolean regionSizeFromRegions;

    /**
     * @param thresholdMayBeConfigured whether some chunk of the recording declares {@link #AGENT_CONFIGURATION}, so
     *                                 that outside-TLAB allocations of any size may count
     */
    ObservationConverters(boolean thresholdMayBeConfigured) {
        smallestOutsideTlab = thresholdMayBeConfigured ? 0 : Observation.OutsideTlabAllocation.DEFAULT_THRESHOLD;
        jdkEvents();
        spillwayEvents();
    }

    /** The binder for events called {@code eventName}, or null when the reporter does not read them. */
    EventConverter.Binder binder(String eventName) {
        return binders.get(eventName);
    }

    /** Whether converting events called {@code eventName} depends on the events before them. */
    boolean inOrder(String eventName) {
        return inOrder.contains(eventName);
    }

    private void on(String eventName, EventConverter.Binder binder) {
        binders.put(eventName, binder);
    }

    /**
     * For events whose conversion depends on the ones before: they are converted on the thread that receives the
     * observations, in time order, while a reading thread may still be reading their chunk, so such a converter
     * reads only numbers of the event's own ({@code getInt}, {@code getLong}, {@code start}), never the chunk's
     * constant pools.
     */
    private void onInTimeOrder(String eventName, EventConverter.Binder binder) {
        on(eventName, binder);
        inOrder.add(eventName);
    }

    private void jdkEvents() {
        on("jdk.JVMInformation", f -> {
            int name = f.of("jvmName");
            int version = f.of("jvmVersion");
            return e -> new Observation.JvmInformation(e.start(), e.getString(name), e.getString(version));
        });
        on("jdk.GCConfiguration", f -> {
            int young = f.of("youngCollector");
            int old = f.of("oldCollector");
            return e -> new Observation.GcConfiguration(e.start(), e.getString(young), e.getString(old));
        });
        on("jdk.GCHeapConfiguration", f -> {
            int min = f.of("minSize");
            int max = f.of("maxSize");
            int initial = f.of("initialSize");
            return e -> new Observation.HeapConfiguration(e.start(), e.getLong(min), e.getLong(max), e.getLong(initial));
        });
        on("jdk.UnsignedLongFlag", f -> {
            int name = f.of("name");
            int value = f.of("value");
            return e -> "G1HeapRegionSize".equals(e.getString(name)) && e.getLong(value) > 0
                    ? new Observation.RegionSize(e.start(), e.getLong(value), "flag G1HeapRegionSize")
                    : null;
        });
        onInTimeOrder("jdk.G1HeapRegionInformation", f -> {
            int index = f.of("index");
            int start = f.of("start");
            return e -> regionSizeFromRegionInformation(e, e.getInt(index), e.getLong(start));
        });
        on("jdk.GarbageCollection", f -> {
            int gcId = f.of("gcId");
            int name = f.of("name");
            int cause = f.of("cause");
            int sum = f.of("sumOfPauses");
            int longest = f.of("longestPause");
            return e -> new Observation.Collection(e.start(), e.duration(), e.getInt(gcId), e.getString(name),
                    e.getString(cause), e.getTimespan(sum), e.getTimespan(longest));
        });
        on("jdk.G1GarbageCollection", f -> {
            int gcId = f.of("gcId");
            int type = f.of("type");
            return e -> new Observation.CollectionKind(e.start(), e.getInt(gcId), e.getString(type));
        });
        on("jdk.YoungGarbageCollection", f -> {
            int gcId = f.of("gcId");
            return e -> new Observation.CollectionKind(e.start(), e.getInt(gcId), "Young");
        });
        on("jdk.OldGarbageCollection", f -> {
            int gcId = f.of("gcId");
            return e -> new Observation.CollectionKind(e.start(), e.getInt(gcId), "Old");
        });
        on("jdk.GCHeapSummary", f -> {
            int gcId = f.of("gcId");
            int when = f.of("when");
            int used = f.of("heapUsed");
            int space = f.of("heapSpace");
            return e -> new Observation.HeapSummary(e.start(), e.getInt(gcId), isBefore(e.getString(when)),
                    e.getLong(used), e.getNestedLong(space, "committedSize"));
        });
        on("jdk.G1HeapSummary", f -> {
            int gcId = f.of("gcId");
            int when = f.of("when");
            int eden = f.of("edenUsedSize");
            int survivor = f.of("survivorUsedSize");
            int old = f.of("oldGenUsedSize");
            int regions = f.of("numberOfRegions");
            return e -> new Observation.G1HeapSummary(e.start(), e.getInt(gcId), isBefore(e.getString(when)),
                    e.getLong(eden), e.getLong(survivor), old >= 0 ? e.getLong(old) : -1, e.getInt(regions));
        });
        on("jdk.GCPhasePause", f -> {
            int gcId = f.of("gcId");
            int name = f.of("name");
            return e -> new Observation.PhasePause(e.start(), e.duration(), e.getInt(gcId), e.getString(name));
        });
        // Most of a recording: the stack trace and the thread are resolved only for byte arrays, the only class
        // whose sites matter, and then once per chunk and key. An outside-TLAB allocation is dropped by its size,
        // then its class, before anything is resolved.
        on("jdk.ObjectAllocationSample", f -> {
            int objectClass = f.of("objectClass");
            int weight = f.of("weight");
            int stackTrace = f.of("stackTrace");
            int thread = f.of("eventThread");
            return e -> {
                String type = e.className(objectClass);
                boolean bytes = "byte[]".equals(type);
                return new Observation.AllocationSample(e.start(), type, e.getLong(weight),
                        bytes ? e.site(stackTrace) : ChunkObjects.UNKNOWN, bytes ? e.threadName(thread) : null);
            };
        });
        on("jdk.ObjectAllocationOutsideTLAB", f -> {
            int objectClass = f.of("objectClass");
            int size = f.of("allocationSize");
            int stackTrace = f.of("stackTrace");
            int thread = f.of("eventThread");
            return e -> {
                long bytes = e.getLong(size);
                if (bytes < smallestOutsideTlab) {
                    return null;
                }
                String type = e.className(objectClass);
                return "byte[]".equals(type) ? new Observation.OutsideTlabAllocation(e.start(), type, bytes,
                        e.site(stackTrace), e.threadName(thread)) : null;
            };
        });
        on("jdk.G1HeapRegionTypeChange", f -> {
            int from = f.of("from");
            int to = f.of("to");
            return e -> new Observation.RegionTypeChange(e.start(), e.getString(from), e.getString(to));
        });
        on("jdk.CPULoad", f -> {
            int user = f.of("jvmUser");
            int system = f.of("jvmSystem");
            int machine = f.of("machineTotal");
            return e -> new Observation.CpuLoad(e.start(), e.getFloat(user), e.getFloat(system), e.getFloat(machine));
        });
        on("jdk.ZAllocationStall", f -> {
            int thread = f.of("eventThread");
            return e -> new Observation.AllocationStall(e.start(), e.duration(), e.threadName(thread));
        });
    }

    private void spillwayEvents() {
        on("dev.spillway.AgentConfiguration", f -> {
            int version = f.of("version");
            int mode = f.of("mode");
            int threshold = f.of("threshold");
            int designate = f.of("designate");
            int exclude = f.of("exclude");
            int regionSize = f.of("regionSize");
            int verify = f.of("verify");
            return e -> new Observation.AgentConfiguration(e.start(), string(e, version), string(e, mode),
                    longValue(e, threshold), string(e, designate), string(e, exclude), longValue(e, regionSize),
                    verify >= 0 && e.getBoolean(verify));
        });
        on("dev.spillway.LargeAllocation", f -> {
            SiteFields site = new SiteFields(f);
            int size = f.of("size");
            int humongous = f.of("humongous");
            int outcome = f.of("outcome");
            int weight = f.of("weight");
            int weightBytes = f.of("weightBytes");
            int thread = f.of("eventThread");
            return e -> new Observation.LargeAllocation(e.start(), site.site(e), longValue(e, size),
                    humongous >= 0 && e.getBoolean(humongous), string(e, outcome), Math.max(1, longValue(e, weight)),
                    weightBytes >= 0 ? e.getLong(weightBytes) : longValue(e, size), e.threadName(thread));
        });
        on("dev.spillway.SiteSummary", f -> {
            SiteFields site = new SiteFields(f);
            int verdict = f.of("verdict");
            int reason = f.of("reason");
            int detail = f.of("detail");
            int[] counters = {f.of("allocations"), f.of("bytes"), f.of("largeAllocations"), f.of("largeBytes"),
                    f.of("humongousAllocations"), f.of("humongousBytes"), f.of("redirectedAllocations"),
                    f.of("redirectedBytes"), f.of("fallbackAllocations"), f.of("belowThresholdAllocations")};
            return e -> new Observation.SiteSummary(e.start(), site.site(e), string(e, verdict), string(e, reason),
                    string(e, detail), longValue(e, counters[0]), longValue(e, counters[1]), longValue(e, counters[2]),
                    longValue(e, counters[3]), longValue(e, counters[4]), longValue(e, counters[5]),
                    longValue(e, counters[6]), longValue(e, counters[7]), longValue(e, counters[8]),
                    longValue(e, counters[9]));
        });
        on("dev.spillway.EscapeObserved", f -> {
            SiteFields site = new SiteFields(f);
            int detail = f.of("detail");
            return e -> new Observation.EscapeObserved(e.start(), site.site(e), string(e, detail));
        });
        on("dev.spillway.ChunkMapped", f -> chunkMapping(f, true));
        on("dev.spillway.ChunkUnmapped", f -> chunkMapping(f, false));
        on("dev.spillway.AllocatorStatistics", f -> {
            int allocator = f.of("allocator");
            int backing = f.of("backing");
            int[] counters = {f.of("reservedBytes"), f.of("usedBytes"), f.of("peakUsedBytes"), f.of("limitBytes"),
                    f.of("allocations"), f.of("frees")};
            return e -> new Observation.AllocatorStatistics(e.start(), string(e, allocator), string(e, backing),
                    longValue(e, counters[0]), longValue(e, counters[1]), longValue(e, counters[2]),
                    longValue(e, counters[3]), longValue(e, counters[4]), longValue(e, counters[5]));
        });
        on("dev.spillway.RecyclerStatistics", f -> {
            int recycler = f.of("recycler");
            int[] counters = {f.of("pooledBytes"), f.of("limitBytes"), f.of("borrows"), f.of("hits"), f.of("misses"),
                    f.of("returns"), f.of("discards")};
            return e -> new Observation.RecyclerStatistics(e.start(), string(e, recycler), longValue(e, counters[0]),
                    longValue(e, counters[1]), longValue(e, counters[2]), longValue(e, counters[3]),
                    longValue(e, counters[4]), longValue(e, counters[5]), longValue(e, counters[6]));
        });
    }

    private static EventConverter chunkMapping(EventConverter.Fields f, boolean mapped) {
        int allocator = f.of("allocator");
        int backing = f.of("backing");
        int size = f.of("size");
        int huge = f.of("huge");
        return e -> new Observation.ChunkMapping(e.start(), string(e, allocator), string(e, backing),
                longValue(e, size), huge >= 0 && e.getBoolean(huge), mapped);
    }

    private Observation regionSizeFromRegionInformation(EventView e, long index, long startAddress) {
        if (regionSizeFromRegions) {
            return null;
        }
        if (regionInfoIndex >= 0 && index != regionInfoIndex) {
            long size = Math.abs((startAddress - regionInfoStart) / (index - regionInfoIndex));
            regionSizeFromRegions = true;
            return size > 0 ? new Observation.RegionSize(e.start(), size, "jdk.G1HeapRegionInformation") : null;
        }
        regionInfoIndex = index;
        regionInfoStart = startAddress;
        return null;
    }

    /** The site fields of Spillway's per-site events (docs/EVENTS.md). */
    private static final class SiteFields {
        private final int className;
        private final int methodName;
        private final int descriptor;
        private final int bci;
        private final int line;
        private final int id;
        private final int kind;

        SiteFields(EventConverter.Fields f) {
            className = f.of("className");
            methodName = f.of("methodName");
            descriptor = f.of("descriptor");
            bci = f.of("bci");
            line = f.of("line");
            id = f.of("site");
            kind = f.of("kind");
        }

        Site site(EventView e) {
            String type = string(e, className);
            String method = string(e, methodName);
            String desc = string(e, descriptor);
            int index = bci >= 0 ? e.getInt(bci) : -1;
            String siteId = string(e, id);
            if (siteId == null || siteId.isEmpty()) {
                siteId = type + "#" + method + desc + "@" + index;
            }
            return new Site(siteId, type, method, desc, index, line >= 0 ? e.getInt(line) : -1, string(e, kind));
        }
    }

    private static boolean isBefore(String when) {
        return "Before GC".equals(when);
    }

    private static String string(EventView e, int field) {
        return field >= 0 ? e.getString(field) : null;
    }

    private static long longValue(EventView e, int field) {
        return field >= 0 ? e.getLong(field) : 0;
    }
}
