package dev.spillway.allocator.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.LeakReport;
import dev.spillway.allocator.OffHeapLimitExceededException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockPoolTest {

    private final AtomicLong nanos = new AtomicLong();

    /** 10 initial blocks, at most 100: steps of 10 blocks. */
    private BlockPool smriti() {
        return BlockPool.builder().name("smriti").blockSize(4096).initialBlocks(10).maxBlocks(100)
                .clock(nanos::get).build();
    }

    @Nested
    class GrowthAndShrinking {

        @Test
        void growsAndShrinksStepByStep() {
            try (BlockPool pool = smriti()) {
                assertEquals(10, pool.allocatedBlocks());
                ArrayDeque<MemorySegment> held = new ArrayDeque<>();
                for (int i = 1; i <= 7; i++) {
                    held.push(pool.acquire());
                }
                assertEquals(10, pool.allocatedBlocks(), "7 of 10 in use is below 80%");
                held.push(pool.acquire());
                assertEquals(20, pool.allocatedBlocks(), "8 of 10 in use reaches 80%: grow by 10% of 100");
                for (int i = 0; i < 8; i++) {
                    held.push(pool.acquire());
                }
                assertEquals(30, pool.allocatedBlocks(), "16 of 20 in use reaches 80% again");
                assertEquals(16, pool.inUseBlocks());

                pool.release(held.pop());
                assertEquals(30, pool.allocatedBlocks(), "15 of 30 free is not more than half");
                pool.release(held.pop());
                assertEquals(20, pool.allocatedBlocks(), "16 of 30 free is more than half: shrink by 10");
                while (held.size() > 3) {
                    pool.release(held.pop());
                }
                assertEquals(10, pool.allocatedBlocks(), "never below the initial count");
                assertEquals(3, pool.inUseBlocks());
                held.forEach(pool::release);
                assertEquals(10, pool.allocatedBlocks());
            }
        }

        @Test
        void stopsAtTheMaximumAndSaysSo() {
            try (BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(2).maxBlocks(5).build()) {
                List<MemorySegment> held = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    held.add(pool.acquire());
                }
                assertEquals(5, pool.allocatedBlocks());
                var e = assertThrows(ExhaustedException.class, pool::acquire);
                assertTrue(e.getMessage().contains("all 5 blocks"), e.getMessage());
                held.forEach(pool::release);
            }
        }

        @Test
        void anIdlePeriodShrinksOneStepWithoutAnyThread() {
            BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(10).maxBlocks(100)
                    .shrinkAt(1.0).idlePeriod(Duration.ofMinutes(1)).clock(nanos::get).build();
            List<MemorySegment> held = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                held.add(pool.acquire());
            }
            held.forEach(pool::release);
            assertEquals(60, pool.allocatedBlocks(), "shrinkAt 1.0 keeps free blocks while active");
            nanos.addAndGet(Duration.ofSeconds(59).toNanos());
            pool.maintain();
            assertEquals(60, pool.allocatedBlocks());
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            pool.maintain();
            assertEquals(50, pool.allocatedBlocks());
            nanos.addAndGet(Duration.ofMinutes(3).toNanos());
            pool.release(pool.acquire());
            assertEquals(20, pool.allocatedBlocks(), "three idle periods, three steps, seen by the next call");
            nanos.addAndGet(Duration.ofMinutes(10).toNanos());
            pool.maintain();
            assertEquals(10, pool.allocatedBlocks());
            pool.close();
        }

        @ParameterizedTest(name = "growAt {0}, growBy {1}: the first growth maps {2} blocks after {3} acquires")
        @CsvSource({"0.8, 0.1, 10, 8", "0.5, 0.1, 10, 5", "1.0, 0.25, 25, 10"})
        void policyNumbersAreConfigurable(double growAt, double growBy, int step, int acquiresToGrow) {
            try (BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(10).maxBlocks(100)
                    .growAt(growAt).growBy(growBy).clock(nanos::get).build()) {
                for (int i = 1; i < acquiresToGrow; i++) {
                    pool.acquire();
                }
                assertEquals(10, pool.allocatedBlocks());
                pool.acquire();
                assertEquals(10 + step, pool.allocatedBlocks());
            }
        }
    }

    @Nested
    class Blocks {

        @Test
        void blocksAreZeroedAndDisjoint() {
            try (BlockPool pool = smriti()) {
                MemorySegment a = pool.acquire();
                a.fill((byte) 1);
                MemorySegment b = pool.acquire();
                assertEquals(4096, b.byteSize());
                assertEquals(0, b.get(ValueLayout.JAVA_BYTE, 4095));
                pool.release(a);
                MemorySegment again = pool.acquire();
                assertEquals(0, again.get(ValueLayout.JAVA_BYTE, 0));
            }
        }

        @Test
        void refusesDoubleAndForeignReleases() {
            try (BlockPool pool = smriti(); Arena arena = Arena.ofConfined()) {
                MemorySegment block = pool.acquire();
                pool.release(block);
                var e = assertThrows(IllegalArgumentException.class, () -> pool.release(block));
                assertTrue(e.getMessage().contains("already released"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> pool.release(arena.allocate(4096)));
                MemorySegment other = pool.acquire();
                assertThrows(IllegalArgumentException.class, () -> pool.release(other.asSlice(0, 100)));
            }
        }

        @Test
        void debugModeMakesUseAfterReleaseThrowAndPoisonsReleasedBlocks() {
            try (BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(1).maxBlocks(1).debug(true)
                    .build()) {
                MemorySegment stale = pool.acquire();
                pool.release(stale);
                assertThrows(IllegalStateException.class, () -> stale.get(ValueLayout.JAVA_BYTE, 0));
                MemorySegment again = pool.acquireUninitialized();
                assertEquals((byte) 0xDD, again.get(ValueLayout.JAVA_BYTE, 0));
                assertThrows(IllegalArgumentException.class, () -> pool.release(stale));
                pool.release(again);
            }
        }

        @Test
        void theLimitStopsGrowth() {
            try (BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(2).maxBlocks(100)
                    .limit(4 * 4096).build()) {
                pool.acquire();
                pool.acquire();
                pool.acquire();
                pool.acquire();
                assertThrows(OffHeapLimitExceededException.class, pool::acquire);
                assertEquals(4, pool.allocatedBlocks());
            }
        }

        @Test
        void closeReportsBlocksStillInUse() {
            AtomicReference<LeakReport> reported = new AtomicReference<>();
            BlockPool pool = BlockPool.builder().name("leaky").blockSize(4096).initialBlocks(4).maxBlocks(8)
                    .leakHandler(reported::set).build();
            pool.acquire();
            pool.release(pool.acquire());
            pool.acquire();
            pool.close();
            assertEquals(2, reported.get().leakedAllocations());
            assertEquals(8192, reported.get().leakedBytes());
            assertEquals("leaky", reported.get().allocator());
        }

        @Test
        void closeUnmapsEverythingAndLaterUseFailsClearly() {
            BlockPool pool = BlockPool.builder().name("smriti").blockSize(4096).initialBlocks(10).maxBlocks(100)
                    .leakHandler(report -> { }).build();
            MemorySegment block = pool.acquire();
            pool.close();
            assertThrows(IllegalStateException.class, () -> block.get(ValueLayout.JAVA_BYTE, 0));
            var e = assertThrows(IllegalStateException.class, pool::acquire);
            assertTrue(e.getMessage().contains("'smriti' is closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> pool.release(block));
            assertThrows(IllegalStateException.class, pool::close);
            assertEquals(0, pool.metric().reservedBytes());
        }

        @Test
        void manyThreadsShareThePool() throws InterruptedException {
            try (BlockPool pool = BlockPool.builder().blockSize(4096).initialBlocks(4).maxBlocks(64).build()) {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    byte mark = (byte) t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 5000; i++) {
                            MemorySegment block = pool.acquire();
                            block.set(ValueLayout.JAVA_BYTE, 0, mark);
                            Thread.onSpinWait();
                            if (block.get(ValueLayout.JAVA_BYTE, 0) != mark) {
                                throw new AssertionError("block shared between threads");
                            }
                            pool.release(block);
                        }
                    }));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                assertEquals(0, pool.inUseBlocks());
                assertEquals(20_000, pool.metric().allocations());
                assertEquals(pool.metric().allocations(), pool.metric().frees());
            }
        }
    }

    @Nested
    class BadConfiguration {

        @ParameterizedTest(name = "{0} = {1} is refused")
        @CsvSource({"growAt, 0", "growBy, 1.5", "shrinkAt, -0.1", "shrinkBy, NaN"})
        void refusesFractionsOutsideZeroToOne(String setting, double value) {
            BlockPool.Builder builder = BlockPool.builder();
            var e = assertThrows(IllegalArgumentException.class, () -> {
                switch (setting) {
                    case "growAt" -> builder.growAt(value);
                    case "growBy" -> builder.growBy(value);
                    case "shrinkAt" -> builder.shrinkAt(value);
                    default -> builder.shrinkBy(value);
                }
            });
            assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        }

        @Test
        void refusesMoreInitialThanMaximumBlocks() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> BlockPool.builder().initialBlocks(10).maxBlocks(5).build());
            assertTrue(e.getMessage().contains("10") && e.getMessage().contains("5"), e.getMessage());
        }
    }
}
