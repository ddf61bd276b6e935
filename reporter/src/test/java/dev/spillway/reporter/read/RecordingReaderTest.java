package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.spillway.reporter.TestRecordings;

@DisplayName("The recording reader")
class RecordingReaderTest {

    static Stream<Arguments> recordings() {
        return Stream.of(
                Arguments.of("G1 with humongous collections", (Supplier<Path>) TestRecordings::g1),
                Arguments.of("ZGC", (Supplier<Path>) TestRecordings::zgc),
                Arguments.of("JDK 17", (Supplier<Path>) TestRecordings::jdk17),
                Arguments.of("the FakeAgent's dev.spillway events", (Supplier<Path>) TestRecordings::fakeAgent));
    }

    @Nested
    @DisplayName("gives exactly the observations of jdk.jfr's EventStream, in the same order")
    class SameAsEventStream {

        @ParameterizedTest(name = "on a recording of {0}")
        @MethodSource("dev.spillway.reporter.read.RecordingReaderTest#recordings")
        void onEveryRecordingTheTestsMake(String name, Supplier<Path> recording) throws Exception {
            Path file = recording.get();
            List<Observation> expected = new ArrayList<>();
            EventStreamReader.read(file, expected::add, fraction -> { });
            List<Observation> actual = new ArrayList<>();
            RecordingReader.read(file, actual::add, fraction -> { });
            assertTrue(expected.size() > 100, name + " has only " + expected.size() + " observations");
            if (!expected.equals(actual)) {
                fail(firstDifference(expected, actual));
            }
        }

        @Test
        void onRecordingsOfManyChunksAndFlushSegments() throws Exception {
            // g1 and fakeAgent are recorded by `spillway run` with periodic flushes; check that they have several
            // segments, and the compare-as-you-go path that the big bench recordings use.
            for (Path file : List.of(TestRecordings.g1(), TestRecordings.fakeAgent())) {
                Differential.Outcome outcome = Differential.compare(file);
                assertNull(outcome.difference(), outcome.difference());
                assertTrue(outcome.observations() > 100);
            }
        }

        @Test
        void onAFileOfTwoRecordingsWhichJfrReadsAsOne(@TempDir Path dir) throws Exception {
            Path both = dir.resolve("both.jfr");
            try (OutputStream out = Files.newOutputStream(both)) {
                Files.copy(TestRecordings.zgc(), out);
                Files.copy(TestRecordings.zgc(), out);
            }
            Differential.Outcome outcome = Differential.compare(both);
            assertNull(outcome.difference(), outcome.difference());
        }

        private static String firstDifference(List<Observation> expected, List<Observation> actual) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return "observation " + i + " of " + expected.size() + ": expected " + expected.get(i)
                            + " but read " + actual.get(i);
                }
            }
            return "expected " + expected.size() + " observations but read " + actual.size();
        }
    }

    @Nested
    @DisplayName("reads a file of several recordings")
    class SeveralRecordings {
        /**
         * jdk.jfr reuses a chunk's types for the next chunk when the metadata ids match, and every JVM starts at 1,
         * so it reads a JDK 17 chunk after a JDK 25 one with the JDK 25 types (and delivers nothing from it). This
         * reader reuses types only when the metadata is the same bytes. Times differ from reading the files one by
         * one (the first chunk's clock converts every chunk's ticks, as in jdk.jfr), so the kinds are compared.
         */
        @Test
        void ofDifferentJdksEachWithItsOwnTypes(@TempDir Path dir) throws Exception {
            Path both = dir.resolve("25-and-17.jfr");
            try (OutputStream out = Files.newOutputStream(both)) {
                Files.copy(TestRecordings.zgc(), out);
                Files.copy(TestRecordings.jdk17(), out);
            }
            Map<Class<?>, Long> expected = new HashMap<>();
            for (Path file : List.of(TestRecordings.zgc(), TestRecordings.jdk17())) {
                RecordingReader.read(file, o -> expected.merge(o.getClass(), 1L, Long::sum), fraction -> { });
            }
            Map<Class<?>, Long> actual = new HashMap<>();
            List<String> jvms = new ArrayList<>();
            RecordingReader.read(both, o -> {
                actual.merge(o.getClass(), 1L, Long::sum);
                if (o instanceof Observation.JvmInformation jvm) {
                    jvms.add(jvm.jvmVersion());
                }
            }, fraction -> { });
            assertEquals(expected, actual);
            assertTrue(jvms.stream().anyMatch(v -> v.contains("17.")) && jvms.stream().anyMatch(v -> v.contains("25")), jvms.toString());
        }
    }

    @Nested
    @DisplayName("reads chunks in parallel")
    class InParallel {

        /** With room for a single item ahead, a reading thread ahead of the receiver waits at every segment. */
        @Test
        void inFileOrderEvenWhenTheThreadsAheadMustWaitForEverySegment(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("chunks.jfr");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (Path part : List.of(TestRecordings.g1(), TestRecordings.zgc(), TestRecordings.fakeAgent())) {
                    Files.copy(part, out);
                }
            }
            List<Observation> expected = new ArrayList<>();
            RecordingReader.read(file, expected::add, fraction -> { });
            List<Observation> actual = new ArrayList<>();
            RecordingReader.read(file, actual::add, fraction -> { }, 3, 1, Long.MAX_VALUE);
            List<ChunkPipeline.Chunk> chunks;
            try (FileChannel channel = FileChannel.open(file)) {
                chunks = RecordingReader.chunks(file, channel).found();
            }
            assertTrue(chunks.size() >= 3, chunks.toString());
            assertEquals(expected.size(), actual.size());
            assertEquals(expected, actual);
        }
    }

    @Nested
    @DisplayName("reads a chunk too large to hold a window at a time")
    class Windowed {
        /** Every chunk of the test recordings read through windows gives what the chunks read whole give. */
        @Test
        void asItReadsTheChunkWhole() throws Exception {
            for (Path file : List.of(TestRecordings.g1(), TestRecordings.zgc(), TestRecordings.fakeAgent())) {
                List<Observation> whole = new ArrayList<>();
                RecordingReader.read(file, whole::add, fraction -> { }, 1, Long.MAX_VALUE, Long.MAX_VALUE);
                List<Observation> windowed = new ArrayList<>();
                RecordingReader.read(file, windowed::add, fraction -> { }, 2, Long.MAX_VALUE, 0);
                assertTrue(whole.size() > 100, file + ": " + whole.size());
                assertEquals(whole, windowed, file.toString());
            }
        }

        /**
         * Chunks read whole, into an array a reading thread reuses, and chunks read through windows, taking turns in
         * one file, give what every chunk read whole gives, on one reading thread and on two.
         */
        @Test
        void mixedWithWholeChunks(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("mixed.jfr");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (Path part : List.of(TestRecordings.g1(), TestRecordings.fakeAgent(), TestRecordings.zgc(),
                        TestRecordings.fakeAgent(), TestRecordings.g1())) {
                    Files.copy(part, out);
                }
            }
            List<Long> sizes;
            try (FileChannel channel = FileChannel.open(file)) {
                sizes = RecordingReader.chunks(file, channel).found().stream().map(ChunkPipeline.Chunk::size).toList();
            }
            long smaller = sizes.stream().mapToLong(Long::longValue).min().orElseThrow();
            long larger = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(sizes.size() >= 5 && smaller < larger, sizes.toString());
            List<Observation> whole = new ArrayList<>();
            RecordingReader.read(file, whole::add, fraction -> { }, 1, Long.MAX_VALUE, Long.MAX_VALUE);
            for (int threads = 1; threads <= 2; threads++) {
                List<Observation> mixed = new ArrayList<>();
                RecordingReader.read(file, mixed::add, fraction -> { }, threads, Long.MAX_VALUE, smaller);
                assertEquals(whole, mixed, threads + " reading threads, chunks of " + sizes);
            }
        }

        /** Damaged at random, a recording read through windows fails as it fails read whole, or reads the same. */
        @Test
        void andRefusesDamageAsTheWholeChunkDoes(@TempDir Path dir) throws IOException {
            byte[] good = Files.readAllBytes(TestRecordings.fakeAgent());
            Random random = new Random(13);
            int refused = 0;
            for (int trial = 0; trial < 40; trial++) {
                Path file = randomlyDamaged(good, random, dir.resolve("damaged-" + trial + ".jfr"));
                Object whole = outcome(file, Long.MAX_VALUE);
                assertEquals(whole, outcome(file, 0), "trial " + trial);
                if (whole instanceof String) {
                    refused++;
                }
            }
            assertTrue(refused > 0, "no damage was refused");
        }

        /** The observations read, or the message of the refusal. */
        private static Object outcome(Path file, long wholeChunkBytes) {
            List<Observation> read = new ArrayList<>();
            try {
                RecordingReader.read(file, read::add, fraction -> { }, 1, Long.MAX_VALUE, wholeChunkBytes);
                return read;
            } catch (UnreadableRecordingException e) {
                return e.getMessage();
            }
        }
    }

    @Nested
    @DisplayName("hands on one Site object per site and chunk")
    class SharedSites {
        /**
         * Stack traces whose top application frame is the same bytecode give the same object within a chunk, so that
         * the analysis finds a site's tally by identity: at most as many objects per site as the file has chunks.
         */
        @Test
        void howeverManyStackTracesEndThere() throws Exception {
            Path file = TestRecordings.g1();
            Map<String, Set<Site>> objects = new HashMap<>();
            long[] samples = {0};
            RecordingReader.read(file, observation -> {
                if (observation instanceof Observation.AllocationSample sample && sample.site() != ChunkObjects.UNKNOWN) {
                    samples[0]++;
                    objects.computeIfAbsent(sample.site().id(), id -> Collections.newSetFromMap(new IdentityHashMap<>()))
                            .add(sample.site());
                }
            }, fraction -> { });
            int chunks;
            try (FileChannel channel = FileChannel.open(file)) {
                chunks = RecordingReader.chunks(file, channel).found().size();
            }
            assertTrue(samples[0] > objects.size() * 2L, samples[0] + " samples of " + objects.size() + " sites");
            objects.forEach((id, sites) -> assertTrue(sites.size() <= chunks,
                    id + ": " + sites.size() + " objects in " + chunks + " chunks"));
        }
    }

    @Nested
    @DisplayName("reports progress")
    class Progress {
        @Test
        void fromZeroToOneWithoutGoingBack() throws Exception {
            List<Double> fractions = new ArrayList<>();
            RecordingReader.read(TestRecordings.g1(), observation -> { }, fractions::add);
            assertTrue(fractions.size() > 10, fractions.toString());
            assertEquals(1.0, fractions.getLast());
            for (int i = 1; i < fractions.size(); i++) {
                assertTrue(fractions.get(i) >= 0 && fractions.get(i) <= 1, fractions.toString());
            }
        }
    }

    @Nested
    @DisplayName("refuses bad input with UnreadableRecordingException and nothing else")
    class BadInput {

        @Test
        void aRecordingCutInsideAChunk(@TempDir Path dir) throws IOException {
            byte[] all = Files.readAllBytes(TestRecordings.g1());
            Path cut = Files.write(dir.resolve("cut.jfr"), java.util.Arrays.copyOf(all, all.length / 2));
            UnreadableRecordingException e = assertThrows(UnreadableRecordingException.class,
                    () -> RecordingReader.read(cut, observation -> { }, fraction -> { }));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }

        @Test
        void aDamagedChunkAfterGoodOnes(@TempDir Path dir) throws IOException {
            byte[] good = Files.readAllBytes(TestRecordings.zgc());
            byte[] damaged = good.clone();
            // Past the header: the metadata and constant pool offsets stay valid, the records after them do not.
            java.util.Arrays.fill(damaged, 68, damaged.length - 1, (byte) 0xFF);
            Path file = dir.resolve("damaged.jfr");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(good);
                out.write(damaged);
            }
            int chunks = RecordingFileCheck.check(TestRecordings.zgc()).chunks();
            List<Observation> seen = new ArrayList<>();
            UnreadableRecordingException e = assertThrows(UnreadableRecordingException.class,
                    () -> RecordingReader.read(file, seen::add, fraction -> { }));
            assertTrue(e.getMessage().contains("damaged: chunk " + (chunks + 1)), e.getMessage());
            assertTrue(!seen.isEmpty(), "the good chunks were read first");
        }

        @Test
        void andLeavesNoReadingThreadBehindWhenAChunkIsDamagedOrTheSinkThrows(@TempDir Path dir) throws Exception {
            byte[] good = Files.readAllBytes(TestRecordings.zgc());
            byte[] damaged = good.clone();
            java.util.Arrays.fill(damaged, 68, damaged.length - 1, (byte) 0xFF);
            Path file = dir.resolve("damaged.jfr");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(good);
                out.write(damaged);
                out.write(good);
                out.write(good);
            }
            assertThrows(UnreadableRecordingException.class, () -> RecordingReader.read(file, o -> { }, f -> { }));
            IllegalStateException thrown = new IllegalStateException("the sink's own");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RecordingReader.read(file, o -> { throw thrown; }, f -> { }));
            assertTrue(e == thrown, "the sink's exception is thrown as it is");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("spillway-reader-")), "a reading thread is still alive");
        }

        /**
         * Bytes flipped at random all over a real recording: whatever the damage, the reader ends, and either reads
         * the file or says it is unreadable.
         */
        @Test
        void aRecordingWithRandomDamage(@TempDir Path dir) throws IOException {
            byte[] good = Files.readAllBytes(TestRecordings.fakeAgent());
            Random random = new Random(5);
            int refused = 0;
            for (int trial = 0; trial < 60; trial++) {
                Path file = randomlyDamaged(good, random, dir.resolve("damaged-" + trial + ".jfr"));
                try {
                    RecordingReader.read(file, observation -> { }, fraction -> { });
                } catch (UnreadableRecordingException e) {
                    refused++;
                    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                }
            }
            assertTrue(refused > 0, "no damage was noticed in 60 trials");
        }
    }

    /** {@code good} with 1 to 20 bytes set to random values, written to {@code file}. */
    static Path randomlyDamaged(byte[] good, Random random, Path file) throws IOException {
        byte[] damaged = good.clone();
        for (int flips = 1 + random.nextInt(20); flips > 0; flips--) {
            damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        return Files.write(file, damaged);
    }
}
