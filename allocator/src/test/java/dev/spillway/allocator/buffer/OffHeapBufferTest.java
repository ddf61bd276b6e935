package dev.spillway.allocator.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.ExhaustedException;
import dev.spillway.allocator.pool.Pool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffHeapBufferTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Nested
    class Entries {

        @Test
        void appendsAndReadsBackByOffset() {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().build()) {
                long first = buffer.append(7, bytes(1, 2, 3));
                long second = buffer.append(-1, new byte[0]);
                long third = buffer.append(9, MemorySegment.ofArray(bytes(4)));
                assertEquals(0, first);
                assertEquals(OffHeapBuffer.HEADER_BYTES + 3, second);
                assertEquals(3, buffer.size());
                Entry entry = buffer.read(first);
                assertEquals(7, entry.key());
                assertArrayEquals(bytes(1, 2, 3), entry.value().toArray(ValueLayout.JAVA_BYTE));
                assertEquals(0, buffer.read(second).value().byteSize());
                assertEquals(9, buffer.read(third).key());
            }
        }

        @Test
        void iteratesInAppendOrder() {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().build()) {
                for (int i = 0; i < 10; i++) {
                    buffer.append(i * 10, bytes(i));
                }
                List<Long> keys = new ArrayList<>();
                buffer.forEach(entry -> keys.add(entry.key()));
                List<Long> iterated = new ArrayList<>();
                for (Entry entry : buffer) {
                    iterated.add(entry.key());
                    assertEquals(entry.key() / 10, entry.value().get(ValueLayout.JAVA_BYTE, 0));
                }
                assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L), keys);
                assertEquals(keys, iterated);
            }
        }

        @Test
        void sortsByKeyKeepingTheOrderOfEqualKeys() {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().build()) {
                buffer.append(5, bytes(1));
                buffer.append(-3, bytes(2));
                buffer.append(5, bytes(3));
                buffer.append(0, bytes(4, 4));
                buffer.append(Long.MIN_VALUE, bytes(5));
                buffer.sortByKey();
                List<String> entries = new ArrayList<>();
                buffer.forEach(e -> entries.add(e.key() + ":" + e.value().get(ValueLayout.JAVA_BYTE, 0)));
                assertEquals(List.of(Long.MIN_VALUE + ":5", "-3:2", "0:4", "5:1", "5:3"), entries);
                assertEquals(5, buffer.size());
            }
        }

        @ParameterizedTest(name = "offset {0} is refused with the valid range")
        @ValueSource(longs = {-1, 4, 1000})
        void refusesOffsetsOutsideTheBuffer(long offset) {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().build()) {
                buffer.append(1, bytes(1, 2, 3, 4));
                var e = assertThrows(IndexOutOfBoundsException.class, () -> buffer.read(offset));
                assertTrue(e.getMessage().contains(Long.toString(offset)), e.getMessage());
            }
        }
    }

    @Nested
    class Growth {

        @Test
        void growsByCopyingAndInvalidatesOldViews() {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().initialCapacity(64).build()) {
                long offset = buffer.append(1, bytes(1, 2, 3));
                MemorySegment view = buffer.read(offset).value();
                buffer.append(2, new byte[200]);
                assertTrue(buffer.capacity() >= 215);
                assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
                assertArrayEquals(bytes(1, 2, 3), buffer.read(offset).value().toArray(ValueLayout.JAVA_BYTE));
            }
        }

        @Test
        void stopsAtTheCapacityLimit() {
            try (OffHeapBuffer buffer = OffHeapBuffer.builder().name("bounded").initialCapacity(64)
                    .capacityLimit(100).build()) {
                buffer.append(1, new byte[80]);
                var e = assertThrows(ExhaustedException.class, () -> buffer.append(2, new byte[1]));
                assertTrue(e.getMessage().contains("capacity limit is 100 bytes"), e.getMessage());
                assertEquals(1, buffer.size());
            }
        }

        @Test
        void closeFreesTheMemoryAndLaterUseFails() {
            try (Pool pool = Pool.builder().chunkSize(1 << 20).build()) {
                OffHeapBuffer buffer = OffHeapBuffer.builder().name("tagged").pool(pool).build();
                buffer.append(1, new byte[100]);
                assertEquals(64L << 10, pool.metric().usedBytesByTag().get("tagged"));
                MemorySegment view = buffer.read(0).value();
                buffer.close();
                assertEquals(0, pool.metric().usedBytes());
                assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_BYTE, 0));
                assertThrows(IllegalStateException.class, () -> buffer.append(1, new byte[1]));
                assertThrows(IllegalStateException.class, buffer::close);
            }
        }
    }

    /** The classic manual-memory test from the Go world (ristretto's z.Buffer, Dgraph's uid lists). */
    @Test
    void holdsAMillionUidEntriesOffHeapAndReadsThemBackExactly() {
        int count = 1_000_000;
        SplittableRandom random = new SplittableRandom(42);
        long heapBefore = usedHeap();
        try (Pool pool = Pool.builder().name("uids").build();
                OffHeapBuffer buffer = OffHeapBuffer.builder().name("uids").pool(pool).build()) {
            long[] offsets = new long[count];
            byte[] value = new byte[64];
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(65);
                fill(value, i, length);
                offsets[i] = buffer.append(uid(i), MemorySegment.ofArray(value).asSlice(0, length));
            }
            SplittableRandom replay = new SplittableRandom(42);
            byte[] expected = new byte[64];
            int seen = 0;
            for (Entry entry : buffer) {
                int length = replay.nextInt(65);
                fill(expected, seen, length);
                assertEquals(offsets[seen], entry.offset());
                assertEquals(uid(seen), entry.key());
                assertEquals(length, entry.value().byteSize());
                assertEquals(-1, entry.value().mismatch(MemorySegment.ofArray(expected).asSlice(0, length)));
                seen++;
            }
            assertEquals(count, seen);
            Entry middle = buffer.read(offsets[count / 2]);
            assertEquals(uid(count / 2), middle.key());
            long heapAfter = usedHeap();
            System.out.printf("OffHeapBuffer with %,d entries: %,d bytes off-heap (%,d reserved by the pool),"
                    + " heap grew by %,d bytes (of which %,d are the test's own offsets array)%n", count,
                    buffer.byteSize(), pool.metric().reservedBytes(), heapAfter - heapBefore, 8L * count);
            assertTrue(buffer.byteSize() >= 12L * count);
        }
    }

    private static long uid(int i) {
        return 0x9E3779B97F4A7C15L * (i + 1);
    }

    private static void fill(byte[] value, int seed, int length) {
        for (int j = 0; j < length; j++) {
            value[j] = (byte) (seed * 31 + j);
        }
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
