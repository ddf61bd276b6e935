package dev.spillway.allocator.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.pool.Pool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopedArenaTest {

    private final Pool pool = Pool.builder().name("arena-test").chunkSize(1 << 20).build();

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Nested
    class BumpAllocation {

        @ParameterizedTest(name = "{0} bytes come back exactly, zeroed, 16-byte aligned")
        @ValueSource(longs = {1, 7, 16, 1000, 16_384, 16_385, 200_000})
        void allocatesExactSizes(long size) {
            try (ScopedArena arena = ScopedArena.open(pool)) {
                arena.allocate(3);
                MemorySegment segment = arena.allocate(size);
                assertEquals(size, segment.byteSize());
                assertEquals(0, segment.address() % 16);
                assertEquals(-1, segment.mismatch(MemorySegment.ofArray(new byte[(int) size])));
            }
        }

        @Test
        void packsSmallAllocationsIntoOneBlock() {
            try (ScopedArena arena = ScopedArena.builder(pool).blockSize(4096).open()) {
                MemorySegment a = arena.allocate(100);
                MemorySegment b = arena.allocate(100);
                assertEquals(a.address() + 112, b.address());
                assertEquals(4096, arena.reservedBytes());
                assertEquals(200, arena.allocatedBytes());
            }
        }

        @Test
        void doublesItsBlocksAsItFills() {
            try (ScopedArena arena = ScopedArena.builder(pool).blockSize(4096).open()) {
                for (int i = 0; i < 100; i++) {
                    arena.allocate(1000);
                }
                assertEquals(4096 + 8192 + 16384 + 32768 + 65536, arena.reservedBytes());
            }
        }

        @Test
        void givesARequestLargerThanTheNextBlockABlockOfItsOwnSize() {
            try (ScopedArena arena = ScopedArena.builder(pool).blockSize(4096).open()) {
                MemorySegment small = arena.allocate(100);
                arena.allocate(100_000);
                MemorySegment next = arena.allocate(100);
                assertEquals(small.address() + 112, next.address(), "bumping continues in the block with more room");
                assertEquals(4096 + 100_000, arena.reservedBytes());
            }
        }

        @ParameterizedTest(name = "alignment {0} is honoured in the current block and in a new one")
        @ValueSource(longs = {1, 8, 64, 4096})
        void honoursAlignment(long alignment) {
            try (ScopedArena arena = ScopedArena.builder(pool).blockSize(4096).open()) {
                arena.allocate(3);
                assertEquals(0, arena.allocate(10, alignment).address() % alignment);
                assertEquals(0, arena.allocate(5000, alignment).address() % alignment);
            }
        }

        @Test
        void separateAllocationsNeverOverlap() {
            try (ScopedArena arena = ScopedArena.builder(pool).blockSize(8192).open()) {
                List<MemorySegment> segments = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    MemorySegment segment = arena.allocate(1 + i % 300);
                    segment.fill((byte) i);
                    segments.add(segment);
                }
                for (int i = 0; i < segments.size(); i++) {
                    MemorySegment segment = segments.get(i);
                    assertEquals((byte) i, segment.get(ValueLayout.JAVA_BYTE, segment.byteSize() - 1));
                }
            }
        }
    }

    @Nested
    class Lifetime {

        @Test
        void givesEverythingBackOnClose() {
            ScopedArena arena = ScopedArena.open(pool);
            for (int i = 0; i < 100; i++) {
                arena.allocate(10_000);
            }
            assertTrue(pool.metric().usedBytes() >= 1_000_000);
            assertTrue(pool.metric().usedBytesByTag().containsKey("scoped-arena"));
            arena.close();
            assertEquals(0, pool.metric().usedBytes());
        }

        @Test
        void useAfterCloseThrowsInsteadOfReadingReusedMemory() {
            ScopedArena arena = ScopedArena.open(pool);
            MemorySegment segment = arena.allocate(64);
            arena.close();
            MemorySegment reused = pool.allocate(64 * 1024);
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
            pool.free(reused);
        }

        @Test
        void aConfinedArenaRefusesOtherThreads() throws InterruptedException {
            try (ScopedArena arena = ScopedArena.open(pool)) {
                MemorySegment segment = arena.allocate(64);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread thread = Thread.ofPlatform().start(() -> {
                    try {
                        segment.get(ValueLayout.JAVA_BYTE, 0);
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                thread.join();
                assertTrue(thrown.get() instanceof WrongThreadException, String.valueOf(thrown.get()));
            }
        }

        @Test
        void aSharedArenaServesOtherThreads() throws InterruptedException {
            try (ScopedArena arena = ScopedArena.builder(pool).shared(true).open()) {
                AtomicReference<MemorySegment> made = new AtomicReference<>();
                Thread thread = Thread.ofPlatform().start(() -> made.set(arena.allocate(64)));
                thread.join();
                made.get().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
                assertEquals(1, made.get().get(ValueLayout.JAVA_BYTE, 0));
            }
        }

        @Test
        void thePoolCannotCloseUnderAnOpenArena() {
            Pool other = Pool.builder().name("pinned").chunkSize(1 << 20).build();
            ScopedArena arena = ScopedArena.open(other);
            MemorySegment segment = arena.allocate(64);
            var e = assertThrows(IllegalStateException.class, other::close);
            assertTrue(e.getMessage().contains("still open"), e.getMessage());
            segment.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            arena.close();
            other.close();
        }

        @Test
        void closingTwiceIsAnError() {
            ScopedArena arena = ScopedArena.open(pool);
            arena.close();
            assertThrows(IllegalStateException.class, arena::close);
            assertThrows(IllegalStateException.class, () -> arena.allocate(1));
        }
    }

    @Nested
    class BadInput {

        @ParameterizedTest(name = "size {0} is refused")
        @ValueSource(longs = {0, -1})
        void refusesNonPositiveSizes(long size) {
            try (ScopedArena arena = ScopedArena.open(pool)) {
                var e = assertThrows(IllegalArgumentException.class, () -> arena.allocate(size));
                assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
            }
        }

        @ParameterizedTest(name = "alignment {0} is refused")
        @ValueSource(longs = {0, 3, 8192})
        void refusesBadAlignments(long alignment) {
            try (ScopedArena arena = ScopedArena.open(pool)) {
                var e = assertThrows(IllegalArgumentException.class, () -> arena.allocate(8, alignment));
                assertTrue(e.getMessage().contains(Long.toString(alignment)), e.getMessage());
            }
        }
    }

    @Test
    void clonesASegmentToTheHeapSoThatItOutlivesTheArena() {
        byte[] copy;
        try (ScopedArena arena = ScopedArena.open(pool)) {
            MemorySegment segment = arena.allocate(5);
            segment.copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5}));
            copy = ScopedArena.cloneToHeap(segment);
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, copy);
    }
}
