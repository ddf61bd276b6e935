package dev.spillway.reporter.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.spillway.reporter.read.Observation;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.Site;

/**
 * Folds the observations of one recording, in time order, into a {@link Report}. Memory is bounded: histograms
 * and timelines have a fixed size, groups and sites are capped (the rest is merged into "(other)").
 *
 * <p>GC pauses are attributed to sites as each collection arrives, from the bytes the sites allocated since the
 * previous collection (the model is documented in docs/REPORT.md):
 * <ul>
 * <li>a collection caused by {@code G1 Humongous Allocation}: its pause is shared by the sites' humongous bytes;
 * <li>a collection asked for by someone ({@code System.gc()}, metadata, diagnostics): not attributed;
 * <li>any other collection: each site gets the pause times its share of all bytes allocated in the interval.
 * </ul>
 */
public final class RecordingAnalyzer implements Consumer<Observation> {
    static final String HUMONGOUS_CAUSE = "G1 Humongous Allocation";
    static final Set<String> REQUESTED_CAUSES = Set.of("System.gc()", "Diagnostic Command", "Heap Dump Initiated GC",
            "Heap Inspection Initiated GC", "WhiteBox Initiated Young GC", "WhiteBox Initiated Concurrent Mark",
            "WhiteBox Initiated Full GC", "WhiteBox Initiated Run To Breakpoint", "JvmtiEnv ForceGarbageCollection",
            "Metadata GC Threshold", "Metadata GC Clear Soft References", "CodeCache GC Threshold",
            "CodeCache GC Aggressive", "Full GC Alot", "ScavengeAlot");
    private static final String BYTE_ARRAY = "byte[]";
    private static final double SAMPLE_WINDOW_NANOS = 1e9;
    private static final int RATE_BUCKETS = 150;
    private static final long RATE_MIN_WIDTH_NANOS = 250_000_000L;
    private static final int SITE_LIMIT = 5000;
    private static final int ROW_LIMIT = 100;
    private static final int GROUP_LIMIT = 40;
    private static final int CAUSE_SERIES_LIMIT = 8;
    private static final double[] PAUSE_BIN_EDGES_MILLIS =
            {0, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, Double.POSITIVE_INFINITY};

    private final String fileName;
    private final long fileBytes;
    private final RecordingFileCheck.Span span;
    private long largeThreshold;

    private String jvmVersion;
    private String youngCollector;
    private String oldCollector;
    private long maxHeap;
    private long regionSize;
    private String regionSizeSource;
    private boolean regionSizeFromAgent;

    private final DurationHistogram pauses = new DurationHistogram();
    private final long[] pauseBins = new long[PAUSE_BIN_EDGES_MILLIS.length - 1];
    private long collections;
    private long totalPause;
    private long humongousCollections;
    private long humongousPause;
    private final Map<String, long[]> byCollector = new LinkedHashMap<>();
    private final Map<String, long[]> byCause = new LinkedHashMap<>();
    private final Map<String, long[]> byPhase = new LinkedHashMap<>();
    private final Map<String, Long> g1Types = new TreeMap<>();
    private long allocationStalls;
    private long allocationStallNanos;
    private long humongousRegionsStarted;

    private long peakBefore;
    private long peakAfter;
    private long afterSum;
    private long afterCount;
    private long peakCommitted;
    private long lastAfterUsed = -1;
    private long lastBeforeUsed = -1;
    private long heapAllocated;
    private long intervalHeapAllocated;

    private long sampledBytes;
    private double decayedAllSamples;
    private long decayedAllAt;
    private boolean sawHeapDeltaInInterval;
    private final Set<SiteTally> touched = new java.util.HashSet<>();
    private final Set<SiteTally> sampled = new java.util.HashSet<>();
    private final Map<SiteTally, Double> lastHumongousMix = new HashMap<>();
    private long sampledByteArrayBytes;
    private boolean sawSamples;
    private boolean sawTlabLarge;
    private boolean sawAgentAllocations;
    private boolean sawSiteSummaries;

    private final Map<String, SiteTally> sites = new HashMap<>();
    private SiteTally otherSites;
    private Site lastSite;
    private SiteTally lastTally;
    private double unattributedPause;

    private Observation.AgentConfiguration agentConfiguration;
    private final Map<String, Observation.AllocatorStatistics> allocators = new LinkedHashMap<>();
    private final Map<String, Observation.RecyclerStatistics> recyclers = new LinkedHashMap<>();
    private boolean sawAllocatorEvents;
    private long peakOffHeapUsed;
    private long peakOffHeapReserved;
    private long chunksMapped;
    private long chunksUnmapped;
    private long bytesMapped;

    private final Timeline heapAfterGc;
    private final Timeline heapBeforeGc;
    private final Timeline heapCommitted;
    private final Map<String, Timeline> pausesByCause = new LinkedHashMap<>();
    private final Timeline sampledAllocation;
    private final Timeline heapAllocation;
    private final Timeline offHeapUsed;
    private final Timeline offHeapReserved;
    private final Timeline cpuJvm;
    private final Timeline cpuMachine;

    public RecordingAnalyzer(String fileName, long fileBytes, RecordingFileCheck.Span span) {
        this.fileName = fileName;
        this.fileBytes = fileBytes;
        this.span = span;
        this.largeThreshold = Observation.OutsideTlabAllocation.DEFAULT_THRESHOLD;
        long start = span.startNanos();
        long duration = span.durationNanos();
        heapAfterGc = new Timeline(start, duration, Timeline.Aggregate.LAST);
        heapBeforeGc = new Timeline(start, duration, Timeline.Aggregate.MAX);
        heapCommitted = new Timeline(start, duration, Timeline.Aggregate.LAST);
        sampledAllocation = new Timeline(start, duration, Timeline.Aggregate.SUM, RATE_BUCKETS, RATE_MIN_WIDTH_NANOS);
        heapAllocation = new Timeline(start, duration, Timeline.Aggregate.SUM, RATE_BUCKETS, RATE_MIN_WIDTH_NANOS);
        offHeapUsed = new Timeline(start, duration, Timeline.Aggregate.MAX);
        offHeapReserved = new Timeline(start, duration, Timeline.Aggregate.MAX);
        cpuJvm = new Timeline(start, duration, Timeline.Aggregate.MAX);
        cpuMachine = new Timeline(start, duration, Timeline.Aggregate.MAX);
    }

    @Override
    public void accept(Observation observation) {
        switch (observation) {
            case Observation.JvmInformation o -> jvmVersion = o.jvmVersion();
            case Observation.GcConfiguration o -> {
                youngCollector = o.youngCollector();
                oldCollector = o.oldCollector();
            }
            case Observation.HeapConfiguration o -> maxHeap = Math.max(maxHeap, o.maxSize());
            case Observation.RegionSize o -> {
                if (!regionSizeFromAgent) {
                    regionSize = o.bytes();
                    regionSizeSource = o.source();
                }
            }
            case Observation.Collection o -> collection(o);
            case Observation.CollectionKind o -> {
                if (!"Young".equals(o.kind()) && !"Old".equals(o.kind())) {
                    g1Types.merge(o.kind(), 1L, Long::sum);
                }
            }
            case Observation.HeapSummary o -> heapSummary(o);
            case Observation.G1HeapSummary o -> {
                // The heap numbers come from jdk.GCHeapSummary, which every collector writes; G1's eden and
                // survivor split adds nothing the report shows yet.
            }
            case Observation.PhasePause o -> group(byPhase, o.name(), o.duration());
            case Observation.AllocationSample o -> sample(o);
            case Observation.OutsideTlabAllocation o -> outsideTlab(o);
            case Observation.RegionTypeChange o -> {
                if ("Starts Humongous".equals(o.to())) {
                    humongousRegionsStarted++;
                }
            }
            case Observation.CpuLoad o -> {
                cpuJvm.add(o.time(), o.jvmUser() + o.jvmSystem());
                cpuMachine.add(o.time(), o.machineTotal());
            }
            case Observation.AllocationStall o -> {
                allocationStalls++;
                allocationStallNanos += o.duration();
            }
            case Observation.AgentConfiguration o -> agentConfiguration(o);
            case Observation.LargeAllocation o -> largeAllocation(o);
            case Observation.SiteSummary o -> siteSummary(o);
            case Observation.EscapeObserved o -> {
                SiteTally tally = tally(o.site());
                tally.escapes++;
                tally.escapeDetail = o.detail();
            }
            case Observation.ChunkMapping o -> {
                sawAllocatorEvents = true;
                if (o.mapped()) {
                    chunksMapped++;
                    bytesMapped += o.size();
                } else {
                    chunksUnmapped++;
                }
            }
            case Observation.AllocatorStatistics o -> allocatorStatistics(o);
            case Observation.RecyclerStatistics o -> {
                sawAllocatorEvents = true;
                recyclers.put(o.recycler(), o);
            }
        }
    }

    private void agentConfiguration(Observation.AgentConfiguration o) {
        agentConfiguration = o;
        if (o.threshold() > 0) {
            largeThreshold = o.threshold();
        }
        if (o.regionSize() > 0) {
            regionSize = o.regionSize();
            regionSizeSource = "dev.spillway.AgentConfiguration";
            regionSizeFromAgent = true;
        }
    }

    private void heapSummary(Observation.HeapSummary o) {
        if (o.committed() > 0) {
            peakCommitted = Math.max(peakCommitted, o.committed());
            heapCommitted.add(o.time(), o.committed());
        }
        if (o.beforeGc()) {
            peakBefore = Math.max(peakBefore, o.heapUsed());
            heapBeforeGc.add(o.time(), o.heapUsed());
            if (lastAfterUsed >= 0 && o.heapUsed() > lastAfterUsed) {
                long allocated = o.heapUsed() - lastAfterUsed;
                heapAllocated += allocated;
                intervalHeapAllocated += allocated;
                sawHeapDeltaInInterval = true;
                heapAllocation.add(o.time(), allocated);
            }
            lastBeforeUsed = o.heapUsed();
        } else {
            peakAfter = Math.max(peakAfter, o.heapUsed());
            afterSum += o.heapUsed();
            afterCount++;
            lastAfterUsed = o.heapUsed();
            heapAfterGc.add(o.time(), o.heapUsed());
        }
    }

    private void sample(Observation.AllocationSample o) {
        sawSamples = true;
        sampledBytes += o.weight();
        decayedAllSamples = (o.time() <= decayedAllAt ? decayedAllSamples
                : decayedAllSamples * Math.exp(-(o.time() - decayedAllAt) / SAMPLE_WINDOW_NANOS)) + o.weight();
        decayedAllAt = Math.max(decayedAllAt, o.time());
        sampledAllocation.add(o.time(), o.weight());
        if (BYTE_ARRAY.equals(o.objectClass())) {
            sampledByteArrayBytes += o.weight();
            SiteTally tally = tally(o.site());
            tally.samples++;
            tally.sampleBytes += o.weight();
            tally.addDecayedSample(o.time(), o.weight(), SAMPLE_WINDOW_NANOS);
            if (!tally.inSampled) {
                tally.inSampled = true;
                sampled.add(tally);
            }
            if (!sawTlabLarge && !sawAgentAllocations) {
                tally.thread(o.thread(), o.weight());
            }
        }
    }

    private void outsideTlab(Observation.OutsideTlabAllocation o) {
        if (!BYTE_ARRAY.equals(o.objectClass()) || o.size() < largeThreshold) {
            return;
        }
        sawTlabLarge = true;
        SiteTally tally = tally(o.site());
        tally.tlabAllocations++;
        tally.tlabBytes += o.size();
        tally.tlabMaxSize = Math.max(tally.tlabMaxSize, o.size());
        int bucket = 63 - Long.numberOfLeadingZeros(Math.max(1, o.size()));
        tally.tlabLog2Allocations[bucket]++;
        tally.tlabLog2Bytes[bucket] += o.size();
        tally.intervalTlabBytes += o.size();
        touch(tally);
        if (isHumongous(o.size())) {
            tally.intervalTlabHumongousBytes += o.size();
        }
        if (!sawAgentAllocations) {
            tally.thread(o.thread(), o.size());
        }
    }

    /** Every allocation of a site passes here; the flag spares a hash-set lookup per allocation. */
    private void touch(SiteTally tally) {
        if (!tally.inTouched) {
            tally.inTouched = true;
            touched.add(tally);
        }
    }

    private void largeAllocation(Observation.LargeAllocation o) {
        sawAgentAllocations = true;
        SiteTally tally = tally(o.site());
        if (o.site().kind() != null) {
            tally.site = o.site();
        }
        tally.agentAllocations += o.weight();
        tally.agentBytes += o.weightBytes();
        tally.agentMaxSize = Math.max(tally.agentMaxSize, o.size());
        if (o.humongous()) {
            tally.agentHumongousBytes += o.weightBytes();
        }
        // Recycled and off-heap allocations never reached the heap, so they cannot have caused a collection.
        if (!"RECYCLED".equals(o.outcome()) && !"OFF_HEAP".equals(o.outcome())) {
            tally.intervalAgentBytes += o.weightBytes();
            if (o.humongous()) {
                tally.intervalAgentHumongousBytes += o.weightBytes();
            }
            touch(tally);
        }
        tally.thread(o.thread(), o.weightBytes());
    }

    private void siteSummary(Observation.SiteSummary o) {
        sawSiteSummaries = true;
        SiteTally tally = tally(o.site());
        tally.site = o.site();
        tally.verdict = new Report.Verdict(o.verdict(), o.reason(), o.detail(), o.allocations(), o.bytes(),
                o.largeAllocations(), o.largeBytes(), o.humongousAllocations(), o.humongousBytes(),
                o.redirectedAllocations(), o.redirectedBytes(), o.fallbackAllocations(), o.belowThresholdAllocations());
    }

    private void allocatorStatistics(Observation.AllocatorStatistics o) {
        sawAllocatorEvents = true;
        allocators.put(o.allocator(), o);
        long used = 0;
        long reserved = 0;
        for (Observation.AllocatorStatistics s : allocators.values()) {
            used += s.usedBytes();
            reserved += s.reservedBytes();
        }
        peakOffHeapUsed = Math.max(peakOffHeapUsed, used);
        peakOffHeapReserved = Math.max(peakOffHeapReserved, reserved);
        offHeapUsed.add(o.time(), used);
        offHeapReserved.add(o.time(), reserved);
    }

    private void collection(Observation.Collection o) {
        long pause = o.sumOfPauses();
        collections++;
        totalPause += pause;
        pauses.record(pause);
        double millis = pause / 1e6;
        for (int i = 0; i < pauseBins.length; i++) {
            if (millis < PAUSE_BIN_EDGES_MILLIS[i + 1]) {
                pauseBins[i]++;
                break;
            }
        }
        String cause = o.cause() == null ? "(unknown)" : o.cause();
        group(byCollector, o.name() == null ? "(unknown)" : o.name(), pause);
        group(byCause, cause, pause);
        if (HUMONGOUS_CAUSE.equals(cause)) {
            humongousCollections++;
            humongousPause += pause;
        }
        String series = pausesByCause.containsKey(cause) || pausesByCause.size() < CAUSE_SERIES_LIMIT ? cause : "(other causes)";
        pausesByCause.computeIfAbsent(series, k -> new Timeline(span.startNanos(), span.durationNanos(), Timeline.Aggregate.MAX))
                .add(o.time(), millis);
        attribute(o.time() + o.duration(), cause, pause);
    }

    /**
     * Shares one collection's pause among the sites. Exact sources (the agent, outside-TLAB events) use the bytes
     * since the previous collection, against the heap's growth in that interval. Samples are throttled (a few
     * hundred a second), so most intervals between collections hold none: they use a sliding window instead, an
     * exponentially decaying sum with a time constant of one second, and the sites' share of all sampled bytes in it.
     */
    private void attribute(long time, String cause, long pause) {
        double attributed = 0;
        if (pause > 0 && !REQUESTED_CAUSES.contains(cause)) {
            boolean humongous = HUMONGOUS_CAUSE.equals(cause);
            String source = siteSource();
            attributed = switch (source) {
                case "agent", "outside-tlab" -> attributeExact(source, humongous, pause);
                case "samples" -> attributeSampled(time, pause);
                default -> 0;
            };
        }
        unattributedPause += pause - attributed;
        for (SiteTally tally : touched) {
            tally.clearInterval();
            tally.inTouched = false;
        }
        touched.clear();
        intervalHeapAllocated = 0;
        sawHeapDeltaInInterval = false;
    }

    private double attributeExact(String source, boolean humongous, long pause) {
        double weightSum = 0;
        for (SiteTally tally : touched) {
            weightSum += intervalWeight(source, tally, humongous);
        }
        if (humongous && weightSum > 0) {
            lastHumongousMix.clear();
            for (SiteTally tally : touched) {
                double weight = intervalWeight(source, tally, true);
                if (weight > 0) {
                    lastHumongousMix.put(tally, weight);
                }
            }
        } else if (humongous && !lastHumongousMix.isEmpty()) {
            // A concurrent cycle (or a second collection) started by a humongous allocation, with none since the
            // previous collection: the sites that allocated humongous arrays most recently are its cause.
            double sum = lastHumongousMix.values().stream().mapToDouble(Double::doubleValue).sum();
            lastHumongousMix.forEach((tally, weight) -> tally.attributedPauseNanos += pause * weight / sum);
            return pause;
        }
        if (humongous && weightSum == 0) {
            humongous = false;
            for (SiteTally tally : touched) {
                weightSum += intervalWeight(source, tally, false);
            }
        }
        double denominator;
        if (humongous) {
            denominator = weightSum;
        } else if (sawHeapDeltaInInterval) {
            denominator = Math.max(weightSum, intervalHeapAllocated);
        } else {
            return 0;
        }
        if (denominator <= 0) {
            return 0;
        }
        double attributed = 0;
        for (SiteTally tally : touched) {
            double part = pause * intervalWeight(source, tally, humongous) / denominator;
            tally.attributedPauseNanos += part;
            attributed += part;
        }
        return attributed;
    }

    private double attributeSampled(long time, long pause) {
        double all = decayedAllSamples * (time <= decayedAllAt ? 1 : Math.exp(-(time - decayedAllAt) / SAMPLE_WINDOW_NANOS));
        if (all <= 0) {
            return 0;
        }
        double attributed = 0;
        java.util.Iterator<SiteTally> it = sampled.iterator();
        while (it.hasNext()) {
            SiteTally tally = it.next();
            if (time - tally.decayedAt() > 20 * SAMPLE_WINDOW_NANOS) {
                it.remove();
                tally.inSampled = false;
                continue;
            }
            double part = pause * Math.min(1, tally.decayedSampleBytes(time, SAMPLE_WINDOW_NANOS) / all);
            tally.attributedPauseNanos += part;
            attributed += part;
        }
        return Math.min(attributed, pause);
    }

    private static double intervalWeight(String source, SiteTally tally, boolean humongous) {
        return switch (source) {
            case "agent" -> humongous ? tally.intervalAgentHumongousBytes : tally.intervalAgentBytes;
            case "outside-tlab" -> humongous ? tally.intervalTlabHumongousBytes : tally.intervalTlabBytes;
            default -> 0;
        };
    }

    private Iterable<SiteTally> allTallies() {
        if (otherSites == null) {
            return sites.values();
        }
        List<SiteTally> all = new ArrayList<>(sites.values());
        all.add(otherSites);
        return all;
    }

    private String siteSource() {
        if (sawAgentAllocations) {
            return "agent";
        }
        if (sawTlabLarge) {
            return "outside-tlab";
        }
        if (sawSiteSummaries) {
            return "agent";
        }
        if (sampledByteArrayBytes > 0) {
            return "samples";
        }
        return "none";
    }

    private boolean isHumongous(long objectSize) {
        return regionSize > 0 && isG1() && objectSize >= regionSize / 2;
    }

    private boolean isG1() {
        return youngCollector == null || youngCollector.startsWith("G1");
    }

    /**
     * The tally of {@code site}, by its id. The site object asked for last is remembered with its tally: the reader
     * hands on one object per site and chunk, and consecutive observations mostly come from one site, so most
     * look-ups skip hashing and comparing the id. A site's tally never changes once found.
     */
    private SiteTally tally(Site site) {
        if (site != lastSite) {
            lastTally = tallyById(site);
            lastSite = site;
        }
        return lastTally;
    }

    private SiteTally tallyById(Site site) {
        SiteTally tally = sites.get(site.id());
        if (tally != null) {
            return tally;
        }
        if (sites.size() < SITE_LIMIT) {
            tally = new SiteTally(site);
            sites.put(site.id(), tally);
            return tally;
        }
        if (otherSites == null) {
            otherSites = new SiteTally(new Site("(other sites)", "(other sites)", "", "", -1, -1, null));
        }
        return otherSites;
    }

    private static void group(Map<String, long[]> groups, String name, long pause) {
        String key = groups.containsKey(name) || groups.size() < GROUP_LIMIT ? name : "(other)";
        long[] g = groups.computeIfAbsent(key, k -> new long[3]);
        g[0]++;
        g[1] += pause;
        g[2] = Math.max(g[2], pause);
    }

    private static List<Report.Group> groups(Map<String, long[]> groups) {
        return groups.entrySet().stream()
                .map(e -> new Report.Group(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .sorted(Comparator.comparingLong(Report.Group::totalPauseNanos).reversed()
                        .thenComparing(Comparator.comparingLong(Report.Group::count).reversed()))
                .toList();
    }

    /** Builds the report; the findings are made from everything else. */
    public Report finish() {
        double seconds = span.durationNanos() / 1e9;
        Report.Recording recording = new Report.Recording(fileName, fileBytes, span.chunks(),
                span.majorVersion() + "." + span.minorVersion(), span.startNanos() / 1_000_000L, span.durationNanos(),
                jvmVersion, youngCollector, oldCollector, isG1() ? regionSize : 0,
                isG1() && regionSize > 0 ? regionSizeSource : null, maxHeap);
        Report.Gc gc = new Report.Gc(collections, totalPause, pauses.quantile(0.5), pauses.quantile(0.99), pauses.max(),
                seconds > 0 ? totalPause / 1e9 / seconds : 0, humongousCollections, humongousPause,
                groups(byCollector), groups(byCause), groups(byPhase), Map.copyOf(g1Types), pauseHistogram(),
                allocationStalls, allocationStallNanos, humongousRegionsStarted);
        Report.Heap heap = new Report.Heap(maxHeap, peakBefore, peakAfter, afterCount == 0 ? 0 : afterSum / afterCount,
                peakCommitted);
        String allocationSource = sawSamples ? "samples" : heapAllocated > 0 ? "heap" : "none";
        long allocated = sawSamples ? sampledBytes : heapAllocated;
        Report.Allocation allocation = new Report.Allocation(allocationSource, allocated,
                seconds > 0 ? allocated / seconds : 0, sampledByteArrayBytes,
                sampledBytes == 0 ? 0 : (double) sampledByteArrayBytes / sampledBytes);
        Report.OffHeap offHeap = new Report.OffHeap(sawAllocatorEvents, peakOffHeapUsed, peakOffHeapReserved,
                chunksMapped, chunksUnmapped, bytesMapped,
                allocators.values().stream().map(s -> new Report.AllocatorRow(s.allocator(), s.backing(), s.reservedBytes(),
                        s.usedBytes(), s.peakUsedBytes(), s.limitBytes(), s.allocations(), s.frees())).toList(),
                recyclers.values().stream().map(s -> new Report.RecyclerRow(s.recycler(), s.pooledBytes(), s.limitBytes(),
                        s.borrows(), s.hits(), s.misses(), s.returns(), s.discards())).toList());
        Report.Sites siteReport = sites();
        Report.Agent agent = agent();
        double rateScale = 1e9 / heapAllocation.widthNanos();
        Report.Timelines timelines = new Report.Timelines(heapAfterGc.widthNanos() / 1_000_000L,
                heapAfterGc.points(1), heapBeforeGc.points(1), heapCommitted.points(1),
                pausesByCause.entrySet().stream().map(e -> new Report.Series(e.getKey(), e.getValue().points(1))).toList(),
                sawSamples ? sampledAllocation.points(rateScale) : heapAllocation.points(rateScale),
                offHeapUsed.points(1), offHeapReserved.points(1), cpuJvm.points(1), cpuMachine.points(1));
        Report withoutFindings = new Report(recording, gc, heap, allocation, offHeap, siteReport, agent, timelines, List.of());
        return new Report(recording, gc, heap, allocation, offHeap, siteReport, agent, timelines,
                FindingRule.evaluate(withoutFindings));
    }

    private List<Report.Bin> pauseHistogram() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < pauseBins.length; i++) {
            if (pauseBins[i] > 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        List<Report.Bin> bins = new ArrayList<>();
        for (int i = Math.max(0, first); first >= 0 && i <= last; i++) {
            bins.add(new Report.Bin(PAUSE_BIN_EDGES_MILLIS[i], PAUSE_BIN_EDGES_MILLIS[i + 1], pauseBins[i]));
        }
        return bins;
    }

    private Report.Sites sites() {
        String source = siteSource();
        long effectiveRegion = isG1() ? regionSize : 0;
        List<Report.SiteRow> rows = new ArrayList<>();
        long totalBytes = 0;
        long totalHumongous = 0;
        double attributed = 0;
        for (SiteTally tally : allTallies()) {
            Report.SiteRow row = row(tally, source, effectiveRegion);
            if (row.bytes() == 0 && tally.verdict == null) {
                continue;
            }
            totalBytes += row.bytes();
            totalHumongous += row.humongousBytes();
            attributed += tally.attributedPauseNanos;
            rows.add(row);
        }
        long total = totalBytes;
        List<Report.SiteRow> ranked = rows.stream()
                .map(r -> withByteShare(r, total))
                .sorted(Comparator.comparingLong(Report.SiteRow::bytes).reversed()
                        .thenComparing(Comparator.comparingLong(Report.SiteRow::attributedPauseNanos).reversed())
                        .thenComparing(Report.SiteRow::id))
                .limit(ROW_LIMIT)
                .toList();
        return new Report.Sites(source, largeThreshold, effectiveRegion, totalBytes, totalHumongous,
                Math.round(attributed), Math.round(unattributedPause), rows.size(), ranked);
    }

    private Report.SiteRow row(SiteTally t, String source, long region) {
        long bytes;
        long allocations;
        long maxSize;
        Boolean humongous;
        long humongousBytes;
        switch (source) {
            case "agent" -> {
                boolean fromEvents = sawAgentAllocations;
                bytes = fromEvents ? t.agentBytes : t.verdict == null ? 0 : t.verdict.largeBytes();
                allocations = fromEvents ? t.agentAllocations : t.verdict == null ? 0 : t.verdict.largeAllocations();
                maxSize = fromEvents ? t.agentMaxSize : -1;
                humongousBytes = fromEvents ? t.agentHumongousBytes : t.verdict == null ? 0 : t.verdict.humongousBytes();
                humongous = region > 0 ? humongousBytes > 0 : null;
            }
            case "outside-tlab" -> {
                bytes = t.tlabBytes;
                allocations = t.tlabAllocations;
                maxSize = t.tlabAllocations == 0 ? -1 : t.tlabMaxSize;
                humongousBytes = region > 0 ? t.tlabBytesAtLeast(region / 2) : 0;
                humongous = region > 0 && t.tlabAllocations > 0 ? humongousBytes > 0 : null;
            }
            case "samples" -> {
                bytes = t.sampleBytes;
                allocations = -1;
                maxSize = -1;
                humongous = null;
                humongousBytes = 0;
            }
            default -> {
                bytes = 0;
                allocations = 0;
                maxSize = -1;
                humongous = null;
                humongousBytes = 0;
            }
        }
        long attributed = Math.round(t.attributedPauseNanos);
        Site s = t.site;
        return new Report.SiteRow(s.id(), s.className(), s.methodName(), s.descriptor(), s.bci(), s.line(), s.kind(),
                bytes, allocations, maxSize, humongous, humongousBytes, attributed,
                totalPause == 0 ? 0 : (double) attributed / totalPause, 0, t.topThread(), t.verdict, t.escapes,
                t.escapeDetail);
    }

    private static Report.SiteRow withByteShare(Report.SiteRow r, long total) {
        return new Report.SiteRow(r.id(), r.className(), r.methodName(), r.descriptor(), r.bci(), r.line(), r.kind(),
                r.bytes(), r.allocations(), r.maxSize(), r.humongous(), r.humongousBytes(), r.attributedPauseNanos(),
                r.gcShare(), total == 0 ? 0 : (double) r.bytes() / total, r.topThread(), r.verdict(), r.escapes(),
                r.escapeDetail());
    }

    private Report.Agent agent() {
        if (agentConfiguration == null && !sawSiteSummaries && !sawAgentAllocations) {
            return null;
        }
        long large = 0;
        long redirected = 0;
        long fallback = 0;
        long below = 0;
        long escapes = 0;
        Map<String, Long> verdicts = new TreeMap<>();
        for (SiteTally t : allTallies()) {
            escapes += t.escapes;
            if (t.verdict != null) {
                large += t.verdict.largeBytes();
                redirected += t.verdict.redirectedBytes();
                fallback += t.verdict.fallbackAllocations();
                below += t.verdict.belowThresholdAllocations();
                verdicts.merge(t.verdict.verdict() == null ? "(none)" : t.verdict.verdict(), 1L, Long::sum);
            }
        }
        Report.Coverage coverage = new Report.Coverage(large, redirected, large == 0 ? 0 : (double) redirected / large,
                fallback, below);
        Observation.AgentConfiguration c = agentConfiguration;
        return new Report.Agent(c == null ? null : c.version(), c == null ? null : c.mode(), c == null ? largeThreshold : c.threshold(),
                c == null ? null : c.designate(), c == null ? null : c.exclude(), c == null ? 0 : c.regionSize(),
                c != null && c.verify(), coverage, verdicts, escapes);
    }
}
