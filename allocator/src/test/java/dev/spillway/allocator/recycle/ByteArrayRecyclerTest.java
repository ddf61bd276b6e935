package dev.spillway.allocator.recycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteArrayRecyclerTest {

    private static ByteArrayRecycler recycler(long maxPooledBytes) {
        return ByteArrayRecycler.builder().name("test").maxPooledBytes(maxPooledBytes).build();
    }

    @Nested
    class Lending {

        @ParameterizedTest(name = "an array of exactly {0} bytes is lent")
        @ValueSource(ints = {1, 7, 4096, 65_537, 1 << 20})
        void lendsArraysOfExactlyTheRequestedLength(int length) {
            try (ByteArrayRecycler recycler = recycler(8L << 20)) {
                byte[] first = recycler.tryAcquire(length);
                assertEquals(length, first.length);
                recycler.release(first);
                byte[] second = recycler.tryAcquire(length);
                assertSame(first, second);
                assertEquals(length, second.length);
            }
        }

        @Test
        void zeroesAnArrayBeforeLendingItAgain() {
            try (ByteArrayRecycler recycler = recycler(1 << 20)) {
                byte[] array = recycler.tryAcquire(1000);
                java.util.Arrays.fill(array, (byte) 7);
                recycler.release(array);
                byte[] again = recycler.tryAcquire(1000);
                assertSame(array, again);
                for (byte b : again) {
                    assertEquals(0, b);
                }
            }
        }

        @Test
        void neverServesOneLengthWithAnotherLengthsArray() {
            try (ByteArrayRecycler recycler = recycler(1 << 20)) {
                recycler.release(new byte[1000]);
                byte[] array = recycler.tryAcquire(999);
                assertEquals(999, array.length);
                assertEquals(1, recycler.metric().misses());
            }
        }

        @Test
        void countsBorrowsHitsMissesAndReturns() {
            try (ByteArrayRecycler recycler = recycler(1 << 20)) {
                byte[] a = recycler.tryAcquire(100);
                recycler.release(a);
                recycler.tryAcquire(100);
                RecyclerMetric metric = recycler.metric();
                assertEquals(2, metric.borrows());
                assertEquals(1, metric.hits());
                assertEquals(1, metric.misses());
                assertEquals(1, metric.returns());
                assertEquals(0, metric.pooledBytes());
                assertEquals(1 << 20, metric.limitBytes());
            }
        }
    }

    @Nested
    class Bounds {

        @Test
        void refusesLengthsItDoesNotPoolWithNull() {
            try (ByteArrayRecycler recycler = ByteArrayRecycler.builder().maxPooledBytes(1 << 20).minLength(16)
                    .maxLength(1 << 16).build()) {
                assertNull(recycler.tryAcquire(15));
                assertNull(recycler.tryAcquire((1 << 16) + 1));
                assertNotNull(recycler.tryAcquire(16));
                assertEquals(2, recycler.metric().refusals());
            }
        }

        @Test
        void refusesArraysLargerThanTheWholeBound() {
            try (ByteArrayRecycler recycler = recycler(1000)) {
                assertNull(recycler.tryAcquire(1001));
            }
        }

        @Test
        void keepsRestingBytesWithinTheBoundByEvictingTheLeastRecentlyUsedLength() {
            try (ByteArrayRecycler recycler = recycler(3000)) {
                byte[] old = new byte[1000];
                recycler.release(old);
                recycler.release(new byte[1000]);
                recycler.release(new byte[500]);
                recycler.release(new byte[500]);
                assertEquals(3000, recycler.metric().pooledBytes());
                recycler.release(new byte[500]);
                assertEquals(2500, recycler.metric().pooledBytes());
                assertEquals(1, recycler.metric().discards());
                byte[] remaining = recycler.tryAcquire(1000);
                assertSame(old, remaining, "the first of the 1000-byte arrays rests below the one evicted");
            }
        }

        @Test
        void dropsAReleaseWhenNothingElseCanBeEvicted() {
            try (ByteArrayRecycler recycler = recycler(1500)) {
                recycler.release(new byte[1000]);
                recycler.release(new byte[1000]);
                assertEquals(1000, recycler.metric().pooledBytes());
                assertEquals(1, recycler.metric().discards());
            }
        }

        @Test
        void holdsAtMostTheConfiguredArraysPerLength() {
            try (ByteArrayRecycler recycler = ByteArrayRecycler.builder().maxArraysPerLength(2).build()) {
                for (int i = 0; i < 5; i++) {
                    recycler.release(new byte[10]);
                }
                assertEquals(20, recycler.metric().pooledBytes());
                assertEquals(3, recycler.metric().discards());
            }
        }
    }

    @Nested
    class Ownership {

        @Test
        void aDoubleReleaseIsIgnoredSoTheArrayIsLentOnlyOnce() {
            try (ByteArrayRecycler recycler = recycler(1 << 20)) {
                byte[] array = recycler.tryAcquire(4096);
                recycler.release(array);
                recycler.release(array);
                assertEquals(1, recycler.metric().doubleReleases());
                assertEquals(4096, recycler.metric().pooledBytes());
                byte[] first = recycler.tryAcquire(4096);
                byte[] second = recycler.tryAcquire(4096);
                assertSame(array, first);
                assertNotSame(first, second);
            }
        }

        @Test
        void manyThreadsNeverHoldTheSameArrayAtOnce() throws InterruptedException {
            try (ByteArrayRecycler recycler = recycler(1 << 20)) {
                Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
                AtomicReference<String> failure = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int seed = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        for (int i = 0; i < 20_000; i++) {
                            // Lengths shared by all threads, and one of this thread's own: a mistaken second release is
                            // only tried on the latter, since another thread may lawfully borrow a shared array between
                            // the two releases, and that case is documented as undetectable (as with free in C).
                            boolean own = random.nextInt(10) == 0;
                            byte[] array = recycler.tryAcquire(own ? 1024 + seed : 64 + random.nextInt(4) * 64);
                            if (!held.add(array)) {
                                failure.set("array lent twice");
                            }
                            array[0] = (byte) seed;
                            held.remove(array);
                            recycler.release(array);
                            if (own && random.nextInt(10) == 0) {
                                recycler.release(array);
                            }
                        }
                    }));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                assertNull(failure.get());
                assertTrue(recycler.metric().hits() > 0);
                assertTrue(recycler.metric().doubleReleases() > 0, "the mistaken releases were tried");
            }
        }
    }

    @Nested
    class BadInput {

        @Test
        void aNegativeLengthIsRefusedWithItsValue() {
            try (ByteArrayRecycler recycler = recycler(1000)) {
                var e = assertThrows(IllegalArgumentException.class, () -> recycler.tryAcquire(-5));
                assertTrue(e.getMessage().contains("-5"), e.getMessage());
            }
        }

        @Test
        void aClosedRecyclerRefusesToLendAndDropsReleases() {
            ByteArrayRecycler recycler = recycler(1000);
            recycler.release(new byte[10]);
            recycler.close();
            assertEquals(0, recycler.metric().pooledBytes());
            var e = assertThrows(IllegalStateException.class, () -> recycler.tryAcquire(10));
            assertTrue(e.getMessage().contains("'test' is closed"), e.getMessage());
            recycler.release(new byte[10]);
            assertEquals(0, recycler.metric().pooledBytes());
            assertThrows(IllegalStateException.class, recycler::close);
        }

        @ParameterizedTest(name = "max arrays per length {0} is refused")
        @ValueSource(ints = {0, -1, 5000})
        void refusesBadBinSizes(int count) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ByteArrayRecycler.builder().maxArraysPerLength(count));
            assertTrue(e.getMessage().contains(Integer.toString(count)), e.getMessage());
        }
    }
}
