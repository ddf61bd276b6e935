import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * A stand-in for Spillway's agent and allocator until the end-to-end test exists: it declares events with exactly
 * the names and fields of docs/EVENTS.md and commits them around real allocations, so the reporter's reading of
 * dev.spillway.* events is tested against a real recording. Run it with G1 and -XX:G1HeapRegionSize=1m.
 *
 * Sites: Relay#copy is redirected (recycled, never allocates), Store#keep is kept (escapes-field) and allocates
 * humongous arrays, Codec#frame is kept (loop-carried) and allocates large, non-humongous arrays. Events of
 * Codec#frame are throttled: one event for every two allocations, with weight 2.
 * Arguments: milliseconds to run.
 */
public class FakeAgent {
    static final long REGION = 1024 * 1024;
    static final int HUMONGOUS_SIZE = 600 * 1024;
    static final int LARGE_SIZE = 100 * 1024;
    static volatile Object sink;

    @Name("dev.spillway.AgentConfiguration") @Category({"Spillway", "Agent"})
    static class AgentConfiguration extends Event {
        String version; String mode; @DataAmount long threshold; String designate; String exclude;
        @DataAmount long regionSize; boolean verify;
    }

    @Name("dev.spillway.LargeAllocation") @Category({"Spillway", "Agent"}) @StackTrace(true)
    static class LargeAllocation extends Event {
        String site; String className; String methodName; String descriptor; int bci; int line; String kind;
        @DataAmount long size; boolean humongous; String outcome; long weight; @DataAmount long weightBytes;
    }

    @Name("dev.spillway.SiteSummary") @Category({"Spillway", "Agent"}) @StackTrace(false) @Period("1 s")
    static class SiteSummary extends Event {
        String site; String className; String methodName; String descriptor; int bci; int line; String kind;
        String verdict; String reason; String detail;
        long allocations; @DataAmount long bytes; long largeAllocations; @DataAmount long largeBytes;
        long humongousAllocations; @DataAmount long humongousBytes; long redirectedAllocations;
        @DataAmount long redirectedBytes; long fallbackAllocations; long belowThresholdAllocations;
    }

    @Name("dev.spillway.EscapeObserved") @Category({"Spillway", "Agent"}) @StackTrace(true)
    static class EscapeObserved extends Event {
        String site; String className; String methodName; String descriptor; int bci; int line; String kind; String detail;
    }

    @Name("dev.spillway.ChunkMapped") @Category({"Spillway", "Allocator"})
    static class ChunkMapped extends Event {
        String allocator; String backing; @DataAmount long size; boolean huge;
    }

    @Name("dev.spillway.AllocatorStatistics") @Category({"Spillway", "Allocator"}) @StackTrace(false) @Period("1 s")
    static class AllocatorStatistics extends Event {
        String allocator; String backing; @DataAmount long reservedBytes; @DataAmount long usedBytes;
        @DataAmount long peakUsedBytes; @DataAmount long limitBytes; long allocations; long frees;
    }

    @Name("dev.spillway.RecyclerStatistics") @Category({"Spillway", "Allocator"}) @StackTrace(false) @Period("1 s")
    static class RecyclerStatistics extends Event {
        String recycler; @DataAmount long pooledBytes; @DataAmount long limitBytes;
        long borrows; long hits; long misses; long returns; long discards;
    }

    record SiteInfo(String className, String methodName, String descriptor, int bci, int line, String verdict,
                    String reason, String detail, int size) {
        String id() { return className + "#" + methodName + descriptor + "@" + bci; }
    }

    static final SiteInfo RELAY = new SiteInfo("com.acme.Relay", "copy", "(Ljava/io/InputStream;)V", 17, 42,
            "REDIRECTED_RECYCLED", "provably-local", null, HUMONGOUS_SIZE);
    static final SiteInfo STORE = new SiteInfo("com.acme.Store", "keep", "()V", 5, 12,
            "KEPT", "escapes-field", "stored into field com.acme.Store.last", HUMONGOUS_SIZE);
    static final SiteInfo CODEC = new SiteInfo("com.acme.Codec", "frame", "(I)[B", 9, 88,
            "KEPT", "loop-carried", null, LARGE_SIZE);
    static final SiteInfo[] SITES = {RELAY, STORE, CODEC};
    static final AtomicLong[] allocations = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    static final AtomicLong used = new AtomicLong();
    static final AtomicLong peak = new AtomicLong();
    static final AtomicLong recyclerBorrows = new AtomicLong();
    static long codecPending;

    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        FlightRecorder.addPeriodicEvent(SiteSummary.class, FakeAgent::summaries);
        FlightRecorder.addPeriodicEvent(AllocatorStatistics.class, FakeAgent::allocatorStatistics);
        FlightRecorder.addPeriodicEvent(RecyclerStatistics.class, FakeAgent::recyclerStatistics);
        AgentConfiguration configuration = new AgentConfiguration();
        configuration.version = "0.1.0-test"; configuration.mode = "redirect"; configuration.threshold = 64 * 1024;
        configuration.designate = "com.acme.**"; configuration.exclude = ""; configuration.regionSize = REGION;
        configuration.commit();
        ChunkMapped chunk = new ChunkMapped();
        chunk.allocator = "default"; chunk.backing = "mmap"; chunk.size = 4 * REGION; chunk.commit();
        byte[] recycled = new byte[HUMONGOUS_SIZE];
        int i = 0;
        while (System.nanoTime() < end) {
            sink = recycled;
            recyclerBorrows.incrementAndGet();
            large(RELAY, 0, "RECYCLED", 1);
            sink = new byte[HUMONGOUS_SIZE];
            large(STORE, 1, "PLAIN", 1);
            for (int k = 0; k < 4; k++) {
                sink = new byte[LARGE_SIZE];
                allocations[2].incrementAndGet();
                if (++codecPending == 2) {
                    large(CODEC, -1, "PLAIN", 2);
                    codecPending = 0;
                }
            }
            long now = used.addAndGet(i % 2 == 0 ? 256 * 1024 : -256 * 1024 + 4096);
            peak.accumulateAndGet(now, Math::max);
            if (++i == 50) {
                EscapeObserved escape = new EscapeObserved();
                fill(escape, RELAY);
                escape.detail = "test: reachable after return";
                escape.commit();
            }
            Thread.sleep(2);
        }
        summaries();
    }

    static void large(SiteInfo s, int counter, String outcome, int weight) {
        if (counter >= 0) {
            allocations[counter].incrementAndGet();
        }
        LargeAllocation e = new LargeAllocation();
        e.site = s.id(); e.className = s.className(); e.methodName = s.methodName(); e.descriptor = s.descriptor();
        e.bci = s.bci(); e.line = s.line(); e.kind = "NEW_BYTE_ARRAY"; e.size = s.size();
        e.humongous = s.size() + 16 >= REGION / 2; e.outcome = outcome; e.weight = weight; e.weightBytes = (long) weight * s.size();
        e.commit();
    }

    static void fill(EscapeObserved e, SiteInfo s) {
        e.site = s.id(); e.className = s.className(); e.methodName = s.methodName(); e.descriptor = s.descriptor();
        e.bci = s.bci(); e.line = s.line(); e.kind = "NEW_BYTE_ARRAY";
    }

    static synchronized void summaries() {
        for (int k = 0; k < SITES.length; k++) {
            SiteInfo s = SITES[k];
            long n = allocations[k].get();
            SiteSummary e = new SiteSummary();
            e.site = s.id(); e.className = s.className(); e.methodName = s.methodName(); e.descriptor = s.descriptor();
            e.bci = s.bci(); e.line = s.line(); e.kind = "NEW_BYTE_ARRAY";
            e.verdict = s.verdict(); e.reason = s.reason(); e.detail = s.detail();
            e.allocations = n; e.bytes = n * s.size(); e.largeAllocations = n; e.largeBytes = n * s.size();
            boolean humongous = s.size() + 16 >= REGION / 2;
            e.humongousAllocations = humongous ? n : 0; e.humongousBytes = humongous ? n * s.size() : 0;
            e.redirectedAllocations = s == RELAY ? n : 0; e.redirectedBytes = s == RELAY ? n * s.size() : 0;
            e.commit();
        }
    }

    static void allocatorStatistics() {
        AllocatorStatistics e = new AllocatorStatistics();
        e.allocator = "default"; e.backing = "mmap"; e.reservedBytes = 4 * REGION; e.usedBytes = used.get();
        e.peakUsedBytes = peak.get(); e.limitBytes = 8 * REGION; e.allocations = recyclerBorrows.get(); e.frees = recyclerBorrows.get() - 1;
        e.commit();
    }

    static void recyclerStatistics() {
        RecyclerStatistics e = new RecyclerStatistics();
        e.recycler = "default"; e.pooledBytes = HUMONGOUS_SIZE; e.limitBytes = 64 * REGION;
        e.borrows = recyclerBorrows.get(); e.hits = recyclerBorrows.get() - 1; e.misses = 1; e.returns = recyclerBorrows.get(); e.discards = 0;
        e.commit();
    }
}
