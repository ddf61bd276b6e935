package dev.spillway.allocator.backing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The jemalloc cases run against the real {@code libjemalloc.so.2} and fail when it is missing, unless the system
 * property {@code spillway.test.skipJemalloc=true} is set (Maven: {@code -Dspillway.test.skipJemalloc=true}).
 */
class BackingTest {

    private static void skipJemallocIfAskedTo(Backing backing) {
        Assumptions.assumeFalse(backing == Backing.JEMALLOC && Boolean.getBoolean("spillway.test.skipJemalloc"),
                "jemalloc skipped on purpose by -Dspillway.test.skipJemalloc=true");
    }

    @Nested
    class Sources {

        @ParameterizedTest(name = "{0} reserves aligned, writable regions and releases them")
        @EnumSource(Backing.class)
        void reservesAlignedRegions(Backing backing) {
            skipJemallocIfAskedTo(backing);
            MemorySource source = backing.open();
            assertEquals(backing, source.backing());
            long alignment = 1L << 20;
            MemorySegment region = source.reserve(3L << 20, alignment);
            assertEquals(3L << 20, region.byteSize());
            assertEquals(0, region.address() % alignment);
            region.set(ValueLayout.JAVA_LONG, 0, 42);
            region.set(ValueLayout.JAVA_LONG, region.byteSize() - 8, 43);
            assertEquals(43, region.get(ValueLayout.JAVA_LONG, region.byteSize() - 8));
            if (source.reservesZeroed()) {
                assertEquals(0, region.get(ValueLayout.JAVA_LONG, 4096));
            }
            source.discard(region.asSlice(1L << 20, 1L << 20));
            source.release(region);
        }

        @Test
        void mmapDiscardGivesZeroedPagesBack() {
            MemorySource source = Backing.MMAP.open();
            MemorySegment region = source.reserve(1L << 16, 4096);
            region.fill((byte) 9);
            source.discard(region);
            assertEquals(0, region.get(ValueLayout.JAVA_BYTE, 100));
            source.release(region);
        }
    }

    @Nested
    class Jemalloc {

        @Test
        void aMissingLibraryIsReportedWithWhatToInstall() {
            String previous = System.getProperty(JemallocSource.LIBRARY_PROPERTY);
            System.setProperty(JemallocSource.LIBRARY_PROPERTY, "/nonexistent/libjemalloc.so.2");
            try {
                var e = assertThrows(BackingUnavailableException.class, Backing.JEMALLOC::open);
                assertTrue(e.getMessage().contains("apt-get install libjemalloc2"), e.getMessage());
                assertTrue(e.getMessage().contains("/nonexistent/libjemalloc.so.2"), e.getMessage());
            } finally {
                if (previous == null) {
                    System.clearProperty(JemallocSource.LIBRARY_PROPERTY);
                } else {
                    System.setProperty(JemallocSource.LIBRARY_PROPERTY, previous);
                }
            }
        }
    }

    @Nested
    class Labels {

        @ParameterizedTest(name = "''{0}'' names {1}")
        @CsvSource({"mmap, MMAP", "ARENA, ARENA", "Jemalloc, JEMALLOC"})
        void parsesLabels(String label, Backing backing) {
            assertEquals(backing, Backing.fromLabel(label));
        }

        @Test
        void anUnknownLabelListsTheAllowedOnes() {
            var e = assertThrows(IllegalArgumentException.class, () -> Backing.fromLabel("tcmalloc"));
            assertTrue(e.getMessage().contains("'tcmalloc'") && e.getMessage().contains("mmap, arena, jemalloc"));
        }

        @Test
        void theDefaultOnLinuxIsMmap() {
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertEquals(Backing.MMAP, Backing.platformDefault());
            }
        }
    }
}
