package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.spillway.reporter.TestRecordings;
import jdk.jfr.consumer.RecordingFile;

@DisplayName("Checking a file before reading it")
class RecordingFileCheckTest {

    @Test
    void acceptsARecordingAndTellsItsTimeSpan() throws IOException {
        Path recording = TestRecordings.g1();
        RecordingFileCheck.Span span = RecordingFileCheck.check(recording);
        assertTrue(span.chunks() >= 1);
        assertEquals(2, span.majorVersion());
        var first = RecordingFile.readAllEvents(recording).stream().map(e -> e.getStartTime()).min(java.util.Comparator.naturalOrder()).orElseThrow();
        assertTrue(span.startNanos() <= first.getEpochSecond() * 1_000_000_000L + first.getNano());
    }

    @ParameterizedTest(name = "refuses a recording cut to {0}% of its length")
    @ValueSource(ints = {1, 30, 99})
    void refusesATruncatedRecording(int percent, @TempDir Path dir) throws IOException {
        byte[] all = Files.readAllBytes(TestRecordings.g1());
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(all, Math.max(1, all.length * percent / 100)));
        UnreadableRecordingException e = assertThrows(UnreadableRecordingException.class, () -> RecordingFileCheck.check(cut));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a JFR recording"), e.getMessage());
    }

    @Test
    void refusesARecordingWithGarbageAfterItsLastChunk(@TempDir Path dir) throws IOException {
        Path damaged = Files.copy(TestRecordings.g1(), dir.resolve("damaged.jfr"));
        Files.write(damaged, new byte[100], java.nio.file.StandardOpenOption.APPEND);
        UnreadableRecordingException e = assertThrows(UnreadableRecordingException.class, () -> RecordingFileCheck.check(damaged));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void refusesADirectory(@TempDir Path dir) {
        assertThrows(UnreadableRecordingException.class, () -> RecordingFileCheck.check(dir));
    }
}
