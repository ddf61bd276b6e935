package dev.spillway.allocator.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.allocator.pool.Pool;
import dev.spillway.allocator.recycle.ByteArrayRecycler;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keeps the events exactly as docs/EVENTS.md defines them. */
class AllocatorEventsTest {

    @TempDir
    Path directory;

    @Nested
    class Contract {

        @ParameterizedTest(name = "{0} has the fields {1}")
        @CsvSource(delimiter = ';', value = {
                "dev.spillway.ChunkMapped; allocator backing size huge",
                "dev.spillway.ChunkUnmapped; allocator backing size huge",
                "dev.spillway.AllocatorStatistics; allocator backing reservedBytes usedBytes peakUsedBytes limitBytes"
                        + " allocations frees",
                "dev.spillway.RecyclerStatistics; recycler pooledBytes limitBytes borrows hits misses returns discards"})
        void eventsCarryTheDocumentedFields(String name, String fields) {
            AllocatorEvents.chunkMapped("warm-up", "mmap", 0, false);
            EventType type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                    .filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
            Set<String> own = type.getFields().stream().map(ValueDescriptor::getName)
                    .filter(f -> !Set.of("startTime", "duration", "eventThread", "stackTrace").contains(f))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(fields.split(" ")), own);
            assertEquals(List.of("Spillway", "Allocator"), type.getCategoryNames());
            type.getFields().stream().filter(f -> f.getName().endsWith("Bytes") || f.getName().equals("size"))
                    .forEach(f -> assertEquals("jdk.jfr.DataAmount", f.getContentType(), f.getName()));
        }
    }

    @Test
    void aPoolRecordsItsChunksHugeMappingsAndStatistics() throws IOException {
        Path file = directory.resolve("pool.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.spillway.ChunkMapped");
            recording.enable("dev.spillway.ChunkUnmapped");
            recording.enable("dev.spillway.AllocatorStatistics").with("period", "everyChunk");
            recording.enable("dev.spillway.RecyclerStatistics").with("period", "everyChunk");
            recording.start();
            try (Pool pool = Pool.builder().name("recorded").chunkSize(1 << 20).limit(64 << 20).build();
                    ByteArrayRecycler recycler = ByteArrayRecycler.builder().name("arrays").build()) {
                MemorySegment small = pool.allocate(100);
                MemorySegment huge = pool.allocate(3 << 20);
                pool.free(huge);
                recycler.release(recycler.tryAcquire(1000));
                recording.stop();
                pool.free(small);
            }
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> mapped = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.spillway.ChunkMapped")
                        && "recorded".equals(e.getString("allocator")))
                .toList();
        assertEquals(2, mapped.size());
        assertTrue(mapped.stream().anyMatch(e -> !e.getBoolean("huge") && e.getLong("size") == 1 << 20));
        assertTrue(mapped.stream().anyMatch(e -> e.getBoolean("huge") && e.getLong("size") == 3 << 20));
        assertTrue(mapped.stream().allMatch(e -> e.getString("backing").equals("mmap")));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("dev.spillway.ChunkUnmapped")
                && e.getBoolean("huge") && "recorded".equals(e.getString("allocator"))));
        RecordedEvent statistics = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.spillway.AllocatorStatistics")
                        && "recorded".equals(e.getString("allocator")))
                .reduce((first, second) -> second).orElseThrow();
        assertEquals(64 << 20, statistics.getLong("limitBytes"));
        assertEquals(2, statistics.getLong("allocations"));
        assertEquals(1, statistics.getLong("frees"));
        assertEquals(112, statistics.getLong("usedBytes"));
        assertEquals(1 << 20, statistics.getLong("reservedBytes"));
        assertTrue(statistics.getLong("peakUsedBytes") >= 112 + (3 << 20));
        RecordedEvent recycler = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.spillway.RecyclerStatistics")
                        && "arrays".equals(e.getString("recycler")))
                .reduce((first, second) -> second).orElseThrow();
        assertEquals(1000, recycler.getLong("pooledBytes"));
        assertEquals(1, recycler.getLong("borrows"));
        assertEquals(1, recycler.getLong("returns"));
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void aClosedAllocatorIsNoLongerSampled() throws IOException {
        Path file = directory.resolve("closed.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.spillway.AllocatorStatistics").with("period", "everyChunk");
            Pool.builder().name("gone").build().close();
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertFalse(RecordingFile.readAllEvents(file).stream().anyMatch(e -> "gone".equals(e.getString("allocator"))));
    }
}
