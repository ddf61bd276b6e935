package dev.spillway.allocator.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.LeakReport;
import dev.spillway.allocator.OffHeapBudget;
import dev.spillway.allocator.OffHeapLimitExceededException;
import dev.spillway.allocator.backing.Backing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PoolTest {

    private static final long CHUNK = 1L << 20;
    private final List<Pool> pools = new ArrayList<>();

    private Pool pool(Pool.Builder builder) {
        Pool pool = builder.build();
        pools.add(pool);
        return pool;
    }

    private Pool pool() {
        return pool(Pool.builder().name("test").chunkSize(CHUNK).leakHandler(report -> { }));
    }

    @AfterEach
    void closePools() {
        pools.stream().filter(p -> !p.isClosed()).forEach(Pool::close);
    }

    @Nested
    class Allocation {

        @ParameterizedTest(name = "a request of {0} bytes gets exactly {0} bytes, 16-byte aligned")
        @ValueSource(longs = {1, 15, 16, 17, 64, 65, 100, 4096, 28 * 1024, 28 * 1024 + 1, 65536, 100_000, CHUNK,
                CHUNK + 1, 3 * CHUNK})
        void returnsExactlyTheRequestedSize(long size) {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(size);
            assertEquals(size, segment.byteSize());
            assertEquals(0, segment.address() % 16);
            segment.set(ValueLayout.JAVA_BYTE, size - 1, (byte) 7);
            assertEquals(7, segment.get(ValueLayout.JAVA_BYTE, size - 1));
            pool.free(segment);
        }

        @ParameterizedTest(name = "reused memory of {0} bytes is zeroed again")
        @ValueSource(longs = {64, 4096, 65536, 3 * CHUNK})
        void zeroesReusedMemory(long size) {
            Pool pool = pool();
            MemorySegment first = pool.allocate(size);
            first.fill((byte) 0x5A);
            long address = first.address();
            pool.free(first);
            MemorySegment second = pool.allocate(size);
            if (size <= CHUNK) {
                assertEquals(address, second.address(), "the thread cache hands back the slot just freed");
            }
            assertEquals(-1, second.mismatch(MemorySegment.ofArray(new byte[(int) size])));
        }

        @Test
        void uninitializedAllocationKeepsOldContents() {
            Pool pool = pool();
            MemorySegment first = pool.allocate(256);
            first.fill((byte) 0x5A);
            pool.free(first);
            MemorySegment second = pool.allocateUninitialized(256);
            assertEquals((byte) 0x5A, second.get(ValueLayout.JAVA_BYTE, 100));
        }

        @Test
        void liveAllocationsNeverOverlap() {
            Pool pool = pool();
            SplittableRandom random = new SplittableRandom(1);
            List<MemorySegment> live = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                MemorySegment segment = pool.allocate(1 + random.nextInt(40_000));
                segment.fill((byte) i);
                live.add(segment);
            }
            for (int i = 0; i < live.size(); i++) {
                MemorySegment segment = live.get(i);
                byte expected = (byte) i;
                assertEquals(expected, segment.get(ValueLayout.JAVA_BYTE, 0));
                assertEquals(expected, segment.get(ValueLayout.JAVA_BYTE, segment.byteSize() - 1));
            }
            live.forEach(pool::free);
            assertEquals(0, pool.metric().usedBytes());
        }

        @ParameterizedTest(name = "a request of {0} bytes is served by the {1}-byte size class")
        @CsvSource({"1, 16", "16, 16", "17, 32", "64, 64", "65, 80", "129, 160", "1000, 1024", "1025, 1280",
                "28672, 28672", "28673, 32768", "40000, 40960", "1048576, 1048576"})
        void roundsUpToSizeClasses(long size, long sizeClass) {
            assertEquals(sizeClass, pool().sizeClassOf(size));
        }

        @Test
        void worksWithoutThreadCaches() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).threadCache(false));
            MemorySegment a = pool.allocate(100);
            MemorySegment b = pool.allocate(100);
            assertNotEquals(a.address(), b.address());
            pool.free(a);
            pool.free(b);
            assertEquals(2, pool.metric().frees());
        }

        @Test
        void freesFromAnotherThread() throws InterruptedException {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(4096);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    pool.free(segment);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            thread.join();
            assertEquals(null, failure.get());
            assertEquals(0, pool.metric().usedBytes());
        }
    }

    @Nested
    class BadInput {

        @ParameterizedTest(name = "a request of {0} bytes is refused with a message naming it")
        @ValueSource(longs = {0, -1, Long.MIN_VALUE, Pool.MAX_ALLOCATION + 1})
        void refusesSizesOutOfRange(long size) {
            var e = assertThrows(IllegalArgumentException.class, () -> pool().allocate(size));
            assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
            assertTrue(e.getMessage().contains("between 1 and"), e.getMessage());
        }

        @Test
        void refusesAFreeOfMemoryFromElsewhere() {
            Pool pool = pool();
            try (Arena arena = Arena.ofConfined()) {
                var e = assertThrows(IllegalArgumentException.class, () -> pool.free(arena.allocate(64)));
                assertTrue(e.getMessage().contains("pool 'test'"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> pool.free(MemorySegment.ofArray(new byte[64])));
        }

        @Test
        void refusesAFreeOfAnotherPoolsMemory() {
            Pool mine = pool();
            Pool other = pool();
            MemorySegment segment = other.allocate(64);
            assertThrows(IllegalArgumentException.class, () -> mine.free(segment));
            other.free(segment);
        }

        @ParameterizedTest(name = "a double free of {0} bytes is detected")
        @ValueSource(longs = {64, 65536, 3 * CHUNK})
        void detectsADoubleFree(long size) {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(size);
            pool.free(segment);
            var e = assertThrows(IllegalArgumentException.class, () -> pool.free(segment));
            assertTrue(e.getMessage().contains("cannot free"), e.getMessage());
            assertEquals(1, pool.metric().frees());
        }

        @Test
        void refusesAFreeOfASlice() {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(4096);
            assertThrows(IllegalArgumentException.class, () -> pool.free(segment.asSlice(16, 64)));
            assertThrows(IllegalArgumentException.class, () -> pool.free(segment.asSlice(0, 64)));
            pool.free(segment);
        }

        @Test
        void refusesUseOfAClosedPool() {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(64);
            pool.close();
            var e = assertThrows(IllegalStateException.class, () -> pool.allocate(64));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> pool.free(segment));
            assertThrows(IllegalStateException.class, pool::close);
        }

        @ParameterizedTest(name = "chunk size {0} is refused")
        @ValueSource(longs = {0, 1000, 32768, 1L << 31})
        void refusesBadChunkSizes(long chunkSize) {
            var e = assertThrows(IllegalArgumentException.class, () -> Pool.builder().chunkSize(chunkSize));
            assertTrue(e.getMessage().contains(Long.toString(chunkSize)), e.getMessage());
        }
    }

    @Nested
    class UseAfterClose {

        @ParameterizedTest(name = "a {0}-byte segment throws after the pool is closed instead of reading unmapped memory")
        @ValueSource(longs = {64, 3 * CHUNK})
        void segmentsThrowAfterClose(long size) {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(size);
            pool.close();
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        }

        @Test
        void aHugeSegmentThrowsAfterItIsFreed() {
            Pool pool = pool();
            MemorySegment segment = pool.allocate(3 * CHUNK);
            pool.free(segment);
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Nested
    class DebugMode {

        @Test
        void useAfterFreeThrows() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).debug(true));
            MemorySegment segment = pool.allocate(64);
            pool.free(segment);
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
        }

        @Test
        void freedMemoryIsPoisoned() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).debug(true));
            MemorySegment segment = pool.allocate(64);
            pool.free(segment);
            MemorySegment reused = pool.allocateUninitialized(64);
            assertEquals((byte) 0xDD, reused.get(ValueLayout.JAVA_BYTE, 0));
        }

        @Test
        void aStaleSegmentCannotFreeTheSlotsNextOwner() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).debug(true));
            MemorySegment stale = pool.allocate(64);
            pool.free(stale);
            MemorySegment current = pool.allocate(64);
            assertEquals(stale.address(), current.address());
            var e = assertThrows(IllegalArgumentException.class, () -> pool.free(stale));
            assertTrue(e.getMessage().contains("stale"), e.getMessage());
            current.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            pool.free(current);
        }
    }

    @Nested
    class Limit {

        @Test
        void anAllocationBeyondTheLimitThrowsAndAllocatesNothing() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).limit(2 * CHUNK));
            var e = assertThrows(OffHeapLimitExceededException.class, () -> pool.allocate(3 * CHUNK));
            assertTrue(e.getMessage().contains("limit of " + 2 * CHUNK), e.getMessage());
            assertEquals(0, pool.metric().reservedBytes());
            assertEquals(2 * CHUNK, pool.metric().limitBytes());
        }

        @Test
        void manyAllocationsStopAtTheLimitAndResumeAfterFrees() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).limit(2 * CHUNK));
            List<MemorySegment> live = new ArrayList<>();
            assertThrows(OffHeapLimitExceededException.class, () -> {
                while (true) {
                    live.add(pool.allocate(64 * 1024));
                }
            });
            assertTrue(pool.metric().reservedBytes() <= 2 * CHUNK);
            assertTrue(live.size() >= 16, "two chunks hold at least sixteen 64 KiB runs, got " + live.size());
            live.forEach(pool::free);
            pool.free(pool.allocate(64 * 1024));
        }

        @Test
        void aSharedBudgetLimitsPoolsTogether() {
            OffHeapBudget budget = OffHeapBudget.limitedTo(3 * CHUNK);
            Pool first = pool(Pool.builder().name("first").chunkSize(CHUNK).budget(budget));
            Pool second = pool(Pool.builder().name("second").chunkSize(CHUNK).budget(budget));
            MemorySegment big = first.allocate(2 * CHUNK);
            var e = assertThrows(OffHeapLimitExceededException.class, () -> second.allocate(2 * CHUNK));
            assertTrue(e.getMessage().contains("'second'"), e.getMessage());
            first.free(big);
            second.free(second.allocate(2 * CHUNK));
            assertEquals(0, budget.reservedBytes());
        }
    }

    @Nested
    class Accounting {

        @Test
        void countsUsedBytesBySizeClassAndTag() {
            Pool pool = pool();
            MemorySegment a = pool.allocate(100, "index");
            MemorySegment b = pool.allocate(100, "index");
            MemorySegment c = pool.allocate(5000, "cache");
            AllocatorMetric metric = pool.metric();
            assertEquals(2 * 112 + 5120, metric.usedBytes());
            assertEquals(Map.of("index", 224L, "cache", 5120L), metric.usedBytesByTag());
            assertEquals(2, metric.sizeClasses().stream().filter(s -> s.size() == 112).findFirst().orElseThrow()
                    .inUse());
            pool.free(a);
            assertEquals(Map.of("index", 112L, "cache", 5120L), metric.usedBytesByTag());
            pool.free(b);
            pool.free(c);
            assertEquals(0, metric.usedBytes());
            assertEquals(2 * 112 + 5120, metric.peakUsedBytes());
            assertEquals(3, metric.allocations());
            assertEquals(3, metric.frees());
        }

        @Test
        void trimGivesFreePagesBackAndKeepsLiveData() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).arenas(1).threadCache(false).backing(Backing.MMAP));
            MemorySegment kept = pool.allocate(65536);
            kept.fill((byte) 7);
            MemorySegment freed = pool.allocate(65536);
            freed.fill((byte) 9);
            long freedAddress = freed.address();
            pool.free(freed);
            pool.trim();
            assertEquals(CHUNK, pool.metric().reservedBytes(), "a chunk in use stays mapped");
            assertEquals(7, kept.get(ValueLayout.JAVA_BYTE, 65535));
            MemorySegment again = pool.allocateUninitialized(65536);
            assertEquals(freedAddress, again.address());
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertEquals(0, again.get(ValueLayout.JAVA_BYTE, 0), "madvise(MADV_DONTNEED) gave the page back");
            }
        }

        @Test
        void reservesWholeChunksAndReleasesThemOnTrimAndClose() {
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).arenas(1));
            MemorySegment small = pool.allocate(64);
            assertEquals(CHUNK, pool.metric().reservedBytes());
            MemorySegment huge = pool.allocate(CHUNK + 1);
            assertEquals(CHUNK + CHUNK + 8192, pool.metric().reservedBytes());
            pool.free(huge);
            pool.free(small);
            pool.trim();
            assertEquals(0, pool.metric().reservedBytes());
            pool.allocate(64);
            pool.close();
            assertEquals(0, pool.metric().reservedBytes());
        }
    }

    @Nested
    class LeakReports {

        @Test
        void reportsWhatWasNotFreedWithTagsAndStackTraces() {
            AtomicReference<LeakReport> reported = new AtomicReference<>();
            Pool pool = pool(Pool.builder().name("leaky").chunkSize(CHUNK).leakDetection(LeakDetection.PARANOID)
                    .leakHandler(reported::set));
            pool.allocate(100, "session");
            pool.allocate(3 * CHUNK);
            pool.free(pool.allocate(64));
            pool.close();
            LeakReport report = reported.get();
            assertEquals("leaky", report.allocator());
            assertEquals(2, report.leakedAllocations());
            assertEquals(112 + 3 * CHUNK, report.leakedBytes());
            assertEquals(112L, report.bytesByTag().get("session"));
            assertEquals(3 * CHUNK, report.bytesByTag().get(""));
            assertEquals(Map.of(112L, 112L, -1L, 3 * CHUNK), report.bytesBySizeClass());
            assertEquals(2, report.samples().size());
            assertTrue(report.samples().stream().allMatch(s -> s.allocatedAt().stream()
                    .anyMatch(f -> f.getMethodName().equals("reportsWhatWasNotFreedWithTagsAndStackTraces"))));
            assertTrue(report.describe().contains("2 allocation(s)"), report.describe());
        }

        @Test
        void simpleDetectionReportsCountsWithoutStackTraces() {
            AtomicReference<LeakReport> reported = new AtomicReference<>();
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).leakHandler(reported::set));
            pool.allocate(100);
            pool.close();
            assertEquals(1, reported.get().leakedAllocations());
            assertTrue(reported.get().samples().isEmpty());
        }

        @Test
        void advancedDetectionSamplesOneAllocationInTheInterval() {
            AtomicReference<LeakReport> reported = new AtomicReference<>();
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).leakDetection(LeakDetection.ADVANCED)
                    .leakSamplingInterval(10).leakHandler(reported::set));
            for (int i = 0; i < 100; i++) {
                pool.allocate(32);
            }
            pool.close();
            assertEquals(100, reported.get().leakedAllocations());
            assertEquals(10, reported.get().samples().size());
        }

        @Test
        void noReportWhenEverythingWasFreedOrDetectionIsDisabled() {
            AtomicReference<LeakReport> reported = new AtomicReference<>();
            Pool clean = pool(Pool.builder().chunkSize(CHUNK).leakHandler(reported::set));
            clean.free(clean.allocate(100));
            clean.close();
            Pool disabled = pool(Pool.builder().chunkSize(CHUNK).leakDetection(LeakDetection.DISABLED)
                    .leakHandler(reported::set));
            disabled.allocate(100);
            disabled.close();
            assertEquals(null, reported.get());
        }
    }

    @Nested
    class Backings {

        @ParameterizedTest(name = "the {0} backing serves small, normal and huge allocations")
        @ValueSource(strings = {"MMAP", "ARENA", "JEMALLOC"})
        void servesAllKindsOfAllocation(Backing backing) {
            Assumptions.assumeFalse(backing == Backing.JEMALLOC && Boolean.getBoolean("spillway.test.skipJemalloc"),
                    "jemalloc skipped on purpose by -Dspillway.test.skipJemalloc=true");
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).backing(backing));
            assertEquals(backing.label(), pool.metric().backing());
            for (long size : new long[] {64, 65536, 3 * CHUNK}) {
                MemorySegment segment = pool.allocate(size);
                assertEquals(-1, segment.mismatch(MemorySegment.ofArray(new byte[(int) size])));
                segment.fill((byte) 1);
                pool.free(segment);
            }
            pool.trim();
            assertEquals(0, pool.metric().usedBytes());
        }
    }

    @Nested
    class Concurrency {

        @Test
        void manyThreadsAllocatingAndFreingAcrossThreadsBalanceToZero() throws InterruptedException {
            OffHeapBudget budget = OffHeapBudget.unlimited();
            Pool pool = pool(Pool.builder().chunkSize(CHUNK).budget(budget).arenas(2)
                    .leakDetection(LeakDetection.DISABLED));
            int threads = 6;
            ConcurrentLinkedQueue<MemorySegment> handOver = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<MemorySegment> mine = new ArrayList<>();
                    try {
                        start.await();
                        for (int i = 0; i < 20_000; i++) {
                            long size = random.nextInt(10) == 0 ? 1 + random.nextLong(2 * CHUNK)
                                    : 1 + random.nextInt(2048);
                            MemorySegment segment = pool.allocate(size);
                            segment.set(ValueLayout.JAVA_BYTE, 0, (byte) seed);
                            if (random.nextBoolean()) {
                                handOver.add(segment);
                            } else {
                                mine.add(segment);
                            }
                            if (mine.size() > 50) {
                                MemorySegment old = mine.remove(random.nextInt(mine.size()));
                                assertEquals((byte) seed, old.get(ValueLayout.JAVA_BYTE, 0));
                                pool.free(old);
                            }
                            MemorySegment foreign = handOver.poll();
                            if (foreign != null) {
                                pool.free(foreign);
                            }
                        }
                        mine.forEach(pool::free);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            handOver.forEach(pool::free);
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            AllocatorMetric metric = pool.metric();
            assertEquals(0, metric.usedBytes());
            assertEquals(metric.allocations(), metric.frees());
            assertEquals(threads * 20_000L, metric.allocations());
            assertTrue(metric.peakUsedBytes() > 0);
            pool.close();
            assertEquals(0, metric.reservedBytes());
            assertEquals(0, budget.reservedBytes());
            assertFalse(budget.isLimited());
        }
    }

    @Test
    void copiesOfDataSurviveInSegments() {
        Pool pool = pool();
        byte[] data = {1, 2, 3, 4, 5};
        MemorySegment segment = pool.allocate(data.length);
        MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, data.length);
        assertArrayEquals(data, segment.toArray(ValueLayout.JAVA_BYTE));
        pool.free(segment);
    }
}
