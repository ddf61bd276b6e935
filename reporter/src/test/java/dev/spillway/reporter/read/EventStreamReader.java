package dev.spillway.reporter.read;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The reporter's reader before it had a parser of its own, kept as the oracle of {@code RecordingReaderTest}: it
 * streams a recording with {@code jdk.jfr.consumer.EventStream} and turns the events the reporter knows into
 * {@link Observation}s.
 *
 * <p>Memory does not grow with the recording: {@code EventStream} parses one chunk at a time, only the event
 * types with a handler here are parsed at all (the others are skipped by size), and nothing is kept but a small
 * cache of stack trace to site, which is bounded. (Parsing chunks in parallel was tried and dropped: buffering a
 * parsed chunk for the in-order analysis cost more CPU in garbage collection than the second parser saved.)
 */
final class EventStreamReader {
    private static final int SITE_CACHE_LIMIT = 8192;
    private static final String BYTE_ARRAY = "byte[]";
    private static final Site UNKNOWN = Site.unknown();
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final Consumer<Observation> sink;
    private final long smallestOutsideTlab;
    private final Map<RecordedStackTrace, Site> siteCache = new IdentityHashMap<>();
    private final Map<RecordedClass, String> classNames = new IdentityHashMap<>();
    private final Map<RecordedThread, String> threadNames = new IdentityHashMap<>();
    private long regionInfoIndex = -1;
    private long regionInfoStart;
    private boolean regionSizeFromRegions;
    private RuntimeException failure;

    private EventStreamReader(Consumer<Observation> sink, long smallestOutsideTlab) {
        this.sink = sink;
        this.smallestOutsideTlab = smallestOutsideTlab;
    }

    /**
     * Reads {@code file} and hands every observation to {@code sink}, in time order.
     *
     * @param progress receives the fraction of the recording's time span read so far, from 0 to 1
     */
    static RecordingFileCheck.Span read(Path file, Consumer<Observation> sink, DoubleConsumer progress)
            throws UnreadableRecordingException {
        RecordingFileCheck.Span span = RecordingFileCheck.check(file);
        long step = Math.max(1, span.durationNanos() / 100);
        long[] lastReported = {span.startNanos() - step};
        EventStreamReader reader = new EventStreamReader(observation -> {
            long time = observation.time();
            if (time - lastReported[0] >= step) {
                lastReported[0] = time;
                progress.accept(span.durationNanos() == 0 ? 0
                        : Math.clamp((time - span.startNanos()) / (double) span.durationNanos(), 0.0, 1.0));
            }
            sink.accept(observation);
        }, smallestOutsideTlab(file));
        try (EventStream stream = EventStream.openFile(file)) {
            stream.setOrdered(true);
            reader.register(stream);
            stream.start();
        } catch (IOException | RuntimeException | InternalError e) {
            throw new UnreadableRecordingException(file + " is damaged: " + e, e);
        }
        if (reader.failure != null) {
            throw reader.failure;
        }
        progress.accept(1.0);
        return span;
    }

    /**
     * The rule of {@link Observation.OutsideTlabAllocation}: smaller allocations are read only from a recording
     * whose types include the agent's configuration event.
     */
    private static long smallestOutsideTlab(Path file) throws UnreadableRecordingException {
        try (RecordingFile recording = new RecordingFile(file)) {
            boolean configurable = recording.readEventTypes().stream()
                    .anyMatch(type -> type.getName().equals("dev.spillway.AgentConfiguration"));
            return configurable ? 0 : Observation.OutsideTlabAllocation.DEFAULT_THRESHOLD;
        } catch (IOException | RuntimeException | InternalError e) {
            throw new UnreadableRecordingException(file + " is damaged: " + e, e);
        }
    }

    private void register(EventStream stream) {
        on(stream, "jdk.JVMInformation", e -> new Observation.JvmInformation(start(e),
                e.getString("jvmName"), e.getString("jvmVersion")));
        on(stream, "jdk.GCConfiguration", e -> new Observation.GcConfiguration(start(e),
                e.getString("youngCollector"), e.getString("oldCollector")));
        on(stream, "jdk.GCHeapConfiguration", e -> new Observation.HeapConfiguration(start(e),
                e.getLong("minSize"), e.getLong("maxSize"), e.getLong("initialSize")));
        on(stream, "jdk.UnsignedLongFlag", e -> "G1HeapRegionSize".equals(e.getString("name")) && e.getLong("value") > 0
                ? new Observation.RegionSize(start(e), e.getLong("value"), "flag G1HeapRegionSize")
                : null);
        on(stream, "jdk.G1HeapRegionInformation", this::regionSizeFromRegionInformation);
        on(stream, "jdk.GarbageCollection", e -> new Observation.Collection(start(e), nanos(e.getDuration()),
                e.getInt("gcId"), e.getString("name"), e.getString("cause"),
                nanos(e.getDuration("sumOfPauses")), nanos(e.getDuration("longestPause"))));
        on(stream, "jdk.G1GarbageCollection", e -> new Observation.CollectionKind(start(e), e.getInt("gcId"), e.getString("type")));
        on(stream, "jdk.YoungGarbageCollection", e -> new Observation.CollectionKind(start(e), e.getInt("gcId"), "Young"));
        on(stream, "jdk.OldGarbageCollection", e -> new Observation.CollectionKind(start(e), e.getInt("gcId"), "Old"));
        on(stream, "jdk.GCHeapSummary", e -> {
            RecordedObject space = e.getValue("heapSpace");
            return new Observation.HeapSummary(start(e), e.getInt("gcId"), isBefore(e), e.getLong("heapUsed"),
                    space == null ? -1 : space.getLong("committedSize"));
        });
        on(stream, "jdk.G1HeapSummary", e -> new Observation.G1HeapSummary(start(e), e.getInt("gcId"), isBefore(e),
                e.getLong("edenUsedSize"), e.getLong("survivorUsedSize"),
                e.hasField("oldGenUsedSize") ? e.getLong("oldGenUsedSize") : -1, e.getInt("numberOfRegions")));
        on(stream, "jdk.GCPhasePause", e -> new Observation.PhasePause(start(e), nanos(e.getDuration()),
                e.getInt("gcId"), e.getString("name")));
        // Field access by name is a linear search in jdk.jfr, and these two events can be most of a recording:
        // the stack trace and the thread are only looked up for byte arrays, the only class whose sites matter.
        on(stream, "jdk.ObjectAllocationSample", e -> {
            String type = className(e.getClass("objectClass"));
            boolean bytes = BYTE_ARRAY.equals(type);
            return new Observation.AllocationSample(start(e), type, e.getLong("weight"),
                    bytes ? topApplicationSite(e.getStackTrace()) : UNKNOWN, bytes ? threadName(e) : null);
        });
        on(stream, "jdk.ObjectAllocationOutsideTLAB", e -> {
            long size = e.getLong("allocationSize");
            if (size < smallestOutsideTlab) {
                return null;
            }
            String type = className(e.getClass("objectClass"));
            return BYTE_ARRAY.equals(type)
                    ? new Observation.OutsideTlabAllocation(start(e), type, size, topApplicationSite(e.getStackTrace()), threadName(e))
                    : null;
        });
        on(stream, "jdk.G1HeapRegionTypeChange", e -> new Observation.RegionTypeChange(start(e), e.getString("from"), e.getString("to")));
        on(stream, "jdk.CPULoad", e -> new Observation.CpuLoad(start(e), e.getFloat("jvmUser"), e.getFloat("jvmSystem"),
                e.getFloat("machineTotal")));
        on(stream, "jdk.ZAllocationStall", e -> new Observation.AllocationStall(start(e), nanos(e.getDuration()), threadName(e)));

        on(stream, "dev.spillway.AgentConfiguration", e -> new Observation.AgentConfiguration(start(e),
                string(e, "version"), string(e, "mode"), longValue(e, "threshold"), string(e, "designate"),
                string(e, "exclude"), longValue(e, "regionSize"), e.hasField("verify") && e.getBoolean("verify")));
        on(stream, "dev.spillway.LargeAllocation", e -> new Observation.LargeAllocation(start(e), agentSite(e),
                longValue(e, "size"), e.hasField("humongous") && e.getBoolean("humongous"), string(e, "outcome"),
                Math.max(1, longValue(e, "weight")), e.hasField("weightBytes") ? e.getLong("weightBytes") : longValue(e, "size"),
                threadName(e)));
        on(stream, "dev.spillway.SiteSummary", e -> new Observation.SiteSummary(start(e), agentSite(e),
                string(e, "verdict"), string(e, "reason"), string(e, "detail"),
                longValue(e, "allocations"), longValue(e, "bytes"), longValue(e, "largeAllocations"), longValue(e, "largeBytes"),
                longValue(e, "humongousAllocations"), longValue(e, "humongousBytes"),
                longValue(e, "redirectedAllocations"), longValue(e, "redirectedBytes"),
                longValue(e, "fallbackAllocations"), longValue(e, "belowThresholdAllocations")));
        on(stream, "dev.spillway.EscapeObserved", e -> new Observation.EscapeObserved(start(e), agentSite(e), string(e, "detail")));
        on(stream, "dev.spillway.ChunkMapped", e -> chunkMapping(e, true));
        on(stream, "dev.spillway.ChunkUnmapped", e -> chunkMapping(e, false));
        on(stream, "dev.spillway.AllocatorStatistics", e -> new Observation.AllocatorStatistics(start(e),
                string(e, "allocator"), string(e, "backing"), longValue(e, "reservedBytes"), longValue(e, "usedBytes"),
                longValue(e, "peakUsedBytes"), longValue(e, "limitBytes"), longValue(e, "allocations"), longValue(e, "frees")));
        on(stream, "dev.spillway.RecyclerStatistics", e -> new Observation.RecyclerStatistics(start(e),
                string(e, "recycler"), longValue(e, "pooledBytes"), longValue(e, "limitBytes"), longValue(e, "borrows"),
                longValue(e, "hits"), longValue(e, "misses"), longValue(e, "returns"), longValue(e, "discards")));
    }

    private void on(EventStream stream, String eventName,
                    java.util.function.Function<RecordedEvent, Observation> convert) {
        stream.onEvent(eventName, event -> {
            Observation observation = convert.apply(event);
            if (observation != null) {
                if (failure != null) {
                    return;
                }
                try {
                    sink.accept(observation);
                } catch (RuntimeException e) {
                    // EventStream prints and swallows what an action throws; keep it, stop, and throw it after.
                    failure = e;
                    stream.close();
                }
            }
        });
    }

    private Observation regionSizeFromRegionInformation(RecordedEvent e) {
        if (regionSizeFromRegions) {
            return null;
        }
        long index = e.getInt("index");
        long startAddress = e.getLong("start");
        if (regionInfoIndex >= 0 && index != regionInfoIndex) {
            long size = Math.abs((startAddress - regionInfoStart) / (index - regionInfoIndex));
            regionSizeFromRegions = true;
            return size > 0 ? new Observation.RegionSize(start(e), size, "jdk.G1HeapRegionInformation") : null;
        }
        regionInfoIndex = index;
        regionInfoStart = startAddress;
        return null;
    }

    private static Observation chunkMapping(RecordedEvent e, boolean mapped) {
        return new Observation.ChunkMapping(start(e), string(e, "allocator"), string(e, "backing"), longValue(e, "size"),
                e.hasField("huge") && e.getBoolean("huge"), mapped);
    }

    private Site topApplicationSite(RecordedStackTrace stackTrace) {
        if (stackTrace == null) {
            return UNKNOWN;
        }
        Site cached = siteCache.get(stackTrace);
        if (cached != null) {
            return cached;
        }
        Site site = UNKNOWN;
        for (RecordedFrame frame : stackTrace.getFrames()) {
            RecordedMethod method = frame.getMethod();
            if (!frame.isJavaFrame() || method == null || method.getType() == null) {
                continue;
            }
            String type = method.getType().getName();
            if (!isJdk(type) && !method.isHidden()) {
                site = Site.of(type, method.getName(), method.getDescriptor(), frame.getBytecodeIndex(), frame.getLineNumber(), null);
                break;
            }
        }
        if (siteCache.size() >= SITE_CACHE_LIMIT) {
            siteCache.clear();
        }
        siteCache.put(stackTrace, site);
        return site;
    }

    private static boolean isJdk(String className) {
        for (String prefix : JDK_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Site agentSite(RecordedEvent e) {
        String className = string(e, "className");
        String methodName = string(e, "methodName");
        String descriptor = string(e, "descriptor");
        int bci = e.hasField("bci") ? e.getInt("bci") : -1;
        String id = string(e, "site");
        if (id == null || id.isEmpty()) {
            id = className + "#" + methodName + descriptor + "@" + bci;
        }
        return new Site(id, className, methodName, descriptor, bci, e.hasField("line") ? e.getInt("line") : -1, string(e, "kind"));
    }

    /**
     * JFR names array classes by descriptor ({@code [B}); the reporter uses the Java spelling ({@code byte[]}).
     * Classes and threads are constant-pool objects shared by the events of a chunk, and their getters search
     * fields by name, so the names are cached by identity.
     */
    private String className(RecordedClass type) {
        if (type == null) {
            return "(unknown)";
        }
        String cached = classNames.get(type);
        if (cached != null) {
            return cached;
        }
        String name = type.getName();
        name = "[B".equals(name) ? BYTE_ARRAY : name;
        if (classNames.size() >= SITE_CACHE_LIMIT) {
            classNames.clear();
        }
        classNames.put(type, name);
        return name;
    }

    /** Only for event types that have an {@code eventThread}: {@code hasField} would cost another linear search. */
    private String threadName(RecordedEvent e) {
        RecordedThread thread = e.getThread("eventThread");
        if (thread == null) {
            return null;
        }
        String cached = threadNames.get(thread);
        if (cached != null) {
            return cached;
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        if (threadNames.size() >= SITE_CACHE_LIMIT) {
            threadNames.clear();
        }
        if (name != null) {
            threadNames.put(thread, name);
        }
        return name;
    }

    private static boolean isBefore(RecordedEvent e) {
        return "Before GC".equals(e.getString("when"));
    }

    private static String string(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }

    private static long longValue(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : 0;
    }

    private static long start(RecordedEvent e) {
        return epochNanos(e.getStartTime());
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static long nanos(java.time.Duration duration) {
        return duration == null ? 0 : duration.toNanos();
    }
}
