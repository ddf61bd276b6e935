package dev.spillway.allocator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZeroingTest {

    private static final byte GARBAGE = 0x5A;
    private static final long GUARD = 64;

    @Test
    void largeSegmentsAreZeroedByMemsetWhenTheTestsGrantNativeAccess() {
        assertTrue(Zeroing.usesMemset(), "the tests run with --enable-native-access, so memset must be found");
    }

    @ParameterizedTest(name = "a segment of {0} bytes is zeroed to its last byte and not one byte beyond")
    @ValueSource(longs = {1, 7, 64, 4095, Zeroing.MEMSET_FROM, Zeroing.MEMSET_FROM + 1, 65536, 1 << 20, (1 << 20) + 3})
    void zeroesExactlyTheSegment(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment whole = arena.allocate(size + 2 * GUARD);
            whole.fill(GARBAGE);
            MemorySegment segment = whole.asSlice(GUARD - 1, size);

            Zeroing.zero(segment);

            long offset = segment.address() - whole.address();
            for (long i = 0; i < whole.byteSize(); i++) {
                byte expected = i >= offset && i < offset + size ? 0 : GARBAGE;
                assertEquals(expected, whole.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " of " + whole.byteSize());
            }
        }
    }

    @Test
    void aHeapSegmentIsZeroedToo() {
        byte[] array = new byte[(int) Zeroing.MEMSET_FROM * 2];
        Arrays.fill(array, GARBAGE);

        Zeroing.zero(MemorySegment.ofArray(array));

        for (byte b : array) {
            assertEquals(0, b);
        }
    }

    @Test
    void aSegmentOfAClosedArenaIsRefusedInsteadOfWritten() {
        Arena arena = Arena.ofConfined();
        MemorySegment segment = arena.allocate(Zeroing.MEMSET_FROM * 4);
        arena.close();

        assertThrows(IllegalStateException.class, () -> Zeroing.zero(segment));
    }
}
