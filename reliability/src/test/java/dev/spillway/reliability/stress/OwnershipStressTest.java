package dev.spillway.reliability.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.AllocatorMetric;
import dev.spillway.allocator.OffHeapLimitExceededException;
import dev.spillway.allocator.pool.Pool;
import dev.spillway.allocator.recycle.ByteArrayRecycler;
import dev.spillway.reliability.stress.app.StressApp;
import dev.spillway.reliability.support.Jvm;
import dev.spillway.reliability.support.Sites;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads acquire and release arrays and off-heap segments as fast as they can. Each acquisition is stamped with
 * a token unique to it (written into the memory, and registered as "owned by me"); before release the owner checks
 * that its stamp is intact and that nobody else registered the same array or an overlapping address range. Bounded:
 * a fixed number of operations per thread, a few seconds on two cores.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OwnershipStressTest {
    private static final int THREADS = 16;
    private static final int OPERATIONS = 4_000;
    private static final int HELD = 4;

    /** Runs {@code body(thread)} on {@link #THREADS} threads started together; returns every failure. */
    private static List<Throwable> race(ThreadBody body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t + 1;
            threads.add(Thread.ofPlatform().name("stress-" + id).start(() -> {
                try {
                    start.await();
                    body.run(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return new ArrayList<>(failures);
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    @Nested
    class The_byte_array_recycler {

        /**
         * With a budget of 8 MiB arrays are evicted and dropped under contention; with 256 MiB every array that comes
         * back fits (16 threads hold at most 64 MiB), so every release is counted as a return or a discard, once.
         */
        @ParameterizedTest(name = "budget {0} bytes")
        @ValueSource(longs = {8L << 20, 256L << 20})
        void never_lends_one_array_to_two_owners_and_its_counters_balance_to_zero_after_close(long budget)
                throws Exception {
            Set<byte[]> owned = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            AtomicLong tokens = new AtomicLong();
            AtomicLong lent = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            int[] lengths = {64 << 10, 128 << 10, 256 << 10, 1 << 20};
            ByteArrayRecycler recycler = ByteArrayRecycler.builder().name("stress").maxPooledBytes(budget).build();
            try {
                List<Throwable> failures = race(thread -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    List<byte[]> held = new ArrayList<>();
                    List<Long> stamps = new ArrayList<>();
                    for (int op = 0; op < OPERATIONS; op++) {
                        if (held.size() < HELD && (held.isEmpty() || random.nextBoolean())) {
                            byte[] array = recycler.tryAcquire(lengths[random.nextInt(lengths.length)]);
                            if (array == null) {
                                refused.incrementAndGet();
                                continue;
                            }
                            lent.incrementAndGet();
                            assertTrue(owned.add(array), "an array lent while another owner holds it");
                            assertEquals(0, array[0] | array[array.length / 2] | array[array.length - 1],
                                    "a lent array is zeroed");
                            long stamp = tokens.incrementAndGet();
                            ByteBuffer.wrap(array).putLong(0, stamp).putLong(array.length - 8, stamp);
                            held.add(array);
                            stamps.add(stamp);
                        } else {
                            int i = random.nextInt(held.size());
                            byte[] array = held.remove(i);
                            long stamp = stamps.remove(i);
                            assertEquals(stamp, ByteBuffer.wrap(array).getLong(0), "stamp at the start");
                            assertEquals(stamp, ByteBuffer.wrap(array).getLong(array.length - 8), "stamp at the end");
                            assertTrue(owned.remove(array));
                            recycler.release(array);
                        }
                    }
                    for (byte[] array : held) {
                        assertTrue(owned.remove(array));
                        recycler.release(array);
                    }
                });

                assertEquals(List.of(), failures);
                assertTrue(owned.isEmpty());
                var metric = recycler.metric();
                assertEquals(lent.get() + refused.get(), metric.borrows());
                assertEquals(lent.get(), metric.hits() + metric.misses());
                assertEquals(0, metric.doubleReleases());
                assertTrue(metric.pooledBytes() <= budget, "the recycler keeps to its bound: " + metric.pooledBytes());
                // Discards also count evictions of resting arrays, which only a small budget causes.
                if (budget >= 64L << 20) {
                    assertEquals(lent.get(), metric.returns() + metric.discards(), "every lent array came back once");
                } else {
                    assertTrue(metric.returns() + metric.discards() >= lent.get(), "every lent array came back");
                }
            } finally {
                recycler.close();
            }
            assertEquals(0, recycler.metric().pooledBytes(), "nothing rests in a closed recycler");
        }
    }

    @Nested
    class The_off_heap_pool {

        @Test
        void never_hands_out_overlapping_memory_and_used_bytes_return_to_zero() throws Exception {
            Map<Long, Long> owned = new TreeMap<>();
            AtomicLong tokens = new AtomicLong();
            AtomicLong limited = new AtomicLong();
            long[] sizes = {64, 4096, 48 << 10, 256 << 10, 1 << 20, 6 << 20};
            try (Pool pool = Pool.builder().name("stress").limit(256L << 20).build()) {
                List<Throwable> failures = race(thread -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    List<MemorySegment> held = new ArrayList<>();
                    List<Long> stamps = new ArrayList<>();
                    for (int op = 0; op < OPERATIONS; op++) {
                        if (held.size() < HELD && (held.isEmpty() || random.nextBoolean())) {
                            MemorySegment segment;
                            try {
                                segment = pool.allocate(sizes[random.nextInt(sizes.length)]);
                            } catch (OffHeapLimitExceededException e) {
                                limited.incrementAndGet();
                                continue;
                            }
                            claim(owned, segment);
                            long stamp = tokens.incrementAndGet();
                            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, stamp);
                            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, segment.byteSize() - 8, stamp);
                            held.add(segment);
                            stamps.add(stamp);
                        } else {
                            int i = random.nextInt(held.size());
                            MemorySegment segment = held.remove(i);
                            long stamp = stamps.remove(i);
                            assertEquals(stamp, segment.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "stamp at the start");
                            assertEquals(stamp, segment.get(ValueLayout.JAVA_LONG_UNALIGNED, segment.byteSize() - 8),
                                    "stamp at the end");
                            release(owned, segment);
                            pool.free(segment);
                        }
                    }
                    for (MemorySegment segment : held) {
                        release(owned, segment);
                        pool.free(segment);
                    }
                });

                assertEquals(List.of(), failures);
                AllocatorMetric metric = pool.metric();
                assertEquals(0, metric.usedBytes(), "every byte handed out came back");
                assertEquals(metric.allocations(), metric.frees());
                assertTrue(metric.allocations() > THREADS * OPERATIONS / 4, "the threads did allocate: " + metric.allocations());
                assertTrue(metric.peakUsedBytes() <= 256L << 20, "the limit held: " + metric.peakUsedBytes());
            }
        }

        /** Registers {@code [address, address + size)}; fails when it overlaps a range another owner holds. */
        private static void claim(Map<Long, Long> owned, MemorySegment segment) {
            long start = segment.address();
            long end = start + segment.byteSize();
            synchronized (owned) {
                TreeMap<Long, Long> ranges = (TreeMap<Long, Long>) owned;
                Map.Entry<Long, Long> below = ranges.floorEntry(start);
                Map.Entry<Long, Long> above = ranges.ceilingEntry(start);
                assertTrue(below == null || below.getValue() <= start, "overlaps a held range below");
                assertTrue(above == null || above.getKey() >= end, "overlaps a held range above");
                ranges.put(start, end);
            }
        }

        private static void release(Map<Long, Long> owned, MemorySegment segment) {
            synchronized (owned) {
                assertEquals(segment.address() + segment.byteSize(), owned.remove(segment.address()));
            }
        }
    }

    @Nested
    class Redirected_code_under_the_agent {

        @Test
        void never_sees_another_threads_stamp_in_its_array_or_buffer(@TempDir Path out) throws Exception {
            Jvm.Run run = Jvm.run(Jvm.java(List.of(Jvm.agent("designate=dev.spillway.reliability.stress.app.**,"
                    + "mode=redirect,threshold=64k,out=" + out)), null, StressApp.class, "16", "2000"), Duration.ofMinutes(3));

            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals("ok " + 2 * 16 * 2000, run.out().strip());
            Sites sites = Sites.read(out.resolve("sites.json"));
            assertEquals(2, sites.redirectedSites(), "both sites are redirected: " + sites);
            assertTrue(sites.redirectedAllocations() > 16 * 2000, "most calls were served by the allocator: " + sites);
        }
    }
}
