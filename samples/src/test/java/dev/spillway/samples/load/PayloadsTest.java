package dev.spillway.samples.load;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadsTest {

    private final Payloads payloads = new Payloads(42);

    private byte[] whole(long index, int size) {
        byte[] bytes = new byte[size];
        payloads.fill(index, 0, bytes, 0, size);
        return bytes;
    }

    @Nested
    @DisplayName("content")
    class Content {

        @ParameterizedTest(name = "is the same when generated in chunks of {0} bytes")
        @ValueSource(ints = {1, 3, 7, 8, 13, 4096, 65_537})
        void does_not_depend_on_how_it_is_chunked(int chunk) {
            byte[] expected = whole(5, 100_003);
            byte[] chunked = new byte[expected.length];
            for (int position = 0; position < chunked.length; position += chunk) {
                payloads.fill(5, position, chunked, position, Math.min(chunk, chunked.length - position));
            }
            assertArrayEquals(expected, chunked);
        }

        @ParameterizedTest(name = "written into a byte buffer from offset {0} matches the array form")
        @ValueSource(ints = {0, 1, 5, 8, 1021})
        void is_the_same_in_byte_buffers_and_arrays(int position) {
            byte[] expected = Arrays.copyOfRange(whole(9, 5000), position, 5000);
            ByteBuffer buffer = ByteBuffer.allocateDirect(5000 - position);
            payloads.fill(9, position, buffer);
            assertFalse(buffer.hasRemaining());
            byte[] actual = new byte[expected.length];
            buffer.flip().get(actual);
            assertArrayEquals(expected, actual);
        }

        @Test
        void differs_between_operations_and_between_seeds() {
            assertFalse(Arrays.equals(whole(1, 64), whole(2, 64)));
            byte[] otherSeed = new byte[64];
            new Payloads(43).fill(1, 0, otherSeed, 0, 64);
            assertFalse(Arrays.equals(whole(1, 64), otherSeed));
        }

        @Test
        void is_not_trivially_compressible() {
            byte[] bytes = whole(3, 1 << 16);
            int[] counts = new int[256];
            for (byte b : bytes) {
                counts[b & 0xFF]++;
            }
            assertTrue(Arrays.stream(counts).allMatch(c -> c > 128 && c < 384), "byte values are roughly uniform");
        }
    }

    @Nested
    @DisplayName("sizes")
    class Sizes {

        @Test
        void stay_within_the_bounds_and_cover_them() {
            int min = 256 * 1024;
            int max = 8 * 1024 * 1024;
            int smallest = Integer.MAX_VALUE;
            int largest = 0;
            for (long i = 0; i < 10_000; i++) {
                int size = payloads.size(i, min, max);
                assertTrue(size >= min && size <= max, "size " + size);
                smallest = Math.min(smallest, size);
                largest = Math.max(largest, size);
            }
            assertTrue(smallest < 2 * min, "small sizes occur");
            assertTrue(largest > max / 2, "large sizes occur");
        }

        @Test
        void are_a_function_of_seed_and_index() {
            assertEquals(payloads.size(17, 1, 1 << 20), new Payloads(42).size(17, 1, 1 << 20));
            assertNotEquals(payloads.size(17, 1, 1 << 30), new Payloads(41).size(17, 1, 1 << 30));
        }

        @Test
        void reject_bounds_in_the_wrong_order() {
            assertThrows(IllegalArgumentException.class, () -> payloads.size(0, 10, 9));
        }
    }
}
