package dev.spillway.allocator.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.OffHeapLimitExceededException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArenaPoolTest {

    private static ArenaPool pool(WhenEmpty whenEmpty) {
        return ArenaPool.builder().name("goumem").arenas(2).arenaSize(64 * 1024).whenEmpty(whenEmpty).build();
    }

    @Nested
    class Lending {

        @Test
        void lendsArenasOfTheConfiguredCapacity() throws InterruptedException {
            try (ArenaPool pool = pool(WhenEmpty.FAIL)) {
                try (ScopedArena arena = pool.acquire()) {
                    arena.allocate(60 * 1024);
                    var e = assertThrows(ExhaustedException.class, () -> arena.allocate(8 * 1024));
                    assertTrue(e.getMessage().contains("65536"), e.getMessage());
                    assertEquals(1, pool.available());
                }
                assertEquals(2, pool.available());
            }
        }

        @Test
        void reusesTheRegionButNotTheSegments() throws InterruptedException {
            try (ArenaPool pool = ArenaPool.builder().arenas(1).arenaSize(4096).build()) {
                ScopedArena first = pool.acquire();
                MemorySegment stale = first.allocate(16);
                first.close();
                try (ScopedArena second = pool.acquire()) {
                    MemorySegment fresh = second.allocate(16);
                    assertEquals(stale.address(), fresh.address());
                    assertThrows(IllegalStateException.class, () -> stale.get(ValueLayout.JAVA_BYTE, 0));
                    assertEquals(4096, pool.metric().reservedBytes());
                }
                assertEquals(2, pool.metric().allocations());
                assertEquals(2, pool.metric().frees());
            }
        }

        @Test
        void failsAtOnceWhenEmptyIfSoConfigured() throws InterruptedException {
            try (ArenaPool pool = pool(WhenEmpty.FAIL)) {
                ScopedArena a = pool.acquire();
                ScopedArena b = pool.acquire();
                var e = assertThrows(ExhaustedException.class, pool::acquire);
                assertTrue(e.getMessage().contains("all 2 arenas"), e.getMessage());
                a.close();
                b.close();
            }
        }

        @Test
        void blocksUntilAnArenaIsReleasedIfSoConfigured() throws InterruptedException {
            try (ArenaPool pool = pool(WhenEmpty.BLOCK)) {
                ScopedArena a = pool.acquire();
                ScopedArena b = pool.acquire();
                CountDownLatch waiting = new CountDownLatch(1);
                AtomicReference<Object> result = new AtomicReference<>();
                Thread waiter = Thread.ofPlatform().start(() -> {
                    waiting.countDown();
                    try (ScopedArena c = pool.acquire()) {
                        result.set(c.allocate(8).byteSize());
                    } catch (Throwable e) {
                        result.set(e);
                    }
                });
                waiting.await();
                assertEquals(null, result.get());
                a.close();
                waiter.join();
                assertEquals(8L, result.get());
                b.close();
            }
        }

        @Test
        void aTimedAcquireGivesUp() throws InterruptedException {
            try (ArenaPool pool = ArenaPool.builder().arenas(1).arenaSize(4096).build()) {
                ScopedArena held = pool.acquire();
                assertThrows(ExhaustedException.class, () -> pool.acquire(Duration.ofMillis(1)));
                held.close();
            }
        }
    }

    @Nested
    class Limits {

        @Test
        void theBudgetBoundsTheRegionsAndGivesThePermitBack() throws InterruptedException {
            try (ArenaPool pool = ArenaPool.builder().arenas(3).arenaSize(8192).limit(16384)
                    .whenEmpty(WhenEmpty.FAIL).build()) {
                ScopedArena a = pool.acquire();
                ScopedArena b = pool.acquire();
                assertThrows(OffHeapLimitExceededException.class, pool::acquire);
                assertEquals(1, pool.available());
                a.close();
                b.close();
            }
        }

        @Test
        void cannotCloseWhileArenasAreLent() throws InterruptedException {
            ArenaPool pool = pool(WhenEmpty.FAIL);
            ScopedArena lent = pool.acquire();
            var e = assertThrows(IllegalStateException.class, pool::close);
            assertTrue(e.getMessage().contains("1 arena(s) are still acquired"), e.getMessage());
            lent.close();
            pool.close();
            assertThrows(IllegalStateException.class, pool::acquire);
            assertThrows(IllegalStateException.class, pool::close);
        }

        @ParameterizedTest(name = "arena size {0} is refused")
        @ValueSource(longs = {0, -4096, 1000})
        void refusesBadArenaSizes(long size) {
            var e = assertThrows(IllegalArgumentException.class, () -> ArenaPool.builder().arenaSize(size));
            assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
        }
    }
}
