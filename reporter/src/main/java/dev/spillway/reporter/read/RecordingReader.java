package dev.spillway.reporter.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Reads a recording made by JDK 17 or later and turns the events the reporter knows into {@link Observation}s,
 * with a JFR chunk parser of its own (this package's {@link ChunkReader} and the classes it uses) instead of
 * {@code jdk.jfr.consumer}: it skips every other event by its size, decodes only the fields it uses, and resolves a
 * stack trace once per chunk to the site it stands for. The observations are the ones {@code EventStream} with
 * {@code setOrdered(true)} would give, in the same order (a differential test holds the two to that).
 *
 * <p>Chunks are self-contained, so they are read on threads of their own while the calling thread hands the
 * observations read so far to the sink, in file order, which is time order (see {@link ChunkPipeline}).
 *
 * <p>Memory does not grow with the recording: each reading thread holds one chunk at a time (a chunk larger than a
 * sixteenth of the heap only a window at a time) and keeps an index of its constant pools, the objects resolved
 * from them, and two longs per event of the current flush segment; the segments read ahead of the sink are bounded
 * by a share of the heap.
 */
public final class RecordingReader {

    private RecordingReader() {
    }

    /**
     * Reads {@code file} and hands every observation to {@code sink}, in time order. What the sink throws is thrown
     * from here as it is.
     *
     * @param progress receives the fraction of the recording's time span read so far, from 0 to 1
     */
    public static RecordingFileCheck.Span read(Path file, Consumer<Observation> sink, DoubleConsumer progress)
            throws UnreadableRecordingException {
        return read(file, sink, progress, readingThreads(), aheadBudget(), wholeChunkBytes());
    }

    /**
     * As {@link #read(Path, Consumer, DoubleConsumer)}, with the pipeline's threads, read-ahead and largest chunk
     * held whole given (tests).
     */
    static RecordingFileCheck.Span read(Path file, Consumer<Observation> sink, DoubleConsumer progress,
            int readingThreads, long aheadBudget, long wholeChunkBytes) throws UnreadableRecordingException {
        RecordingFileCheck.Span span = RecordingFileCheck.check(file);
        long step = Math.max(1, span.durationNanos() / 100);
        long lastReported = span.startNanos() - step;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Chunks chunks = chunks(file, channel);
            if (!chunks.found().isEmpty()) {
                Types types = types(channel, chunks.found());
                ObservationConverters converters = new ObservationConverters(types.agentConfiguration());
                TimeConverter time = firstChunkClock(file, channel, chunks.found().getFirst());
                try (ChunkPipeline pipeline = new ChunkPipeline(channel, chunks.found(), converters, time, types.last(),
                        readingThreads, aheadBudget, wholeChunkBytes)) {
                    SegmentOrder order = new SegmentOrder();
                    for (int chunk = 0; chunk < chunks.found().size(); chunk++) {
                        SegmentOrder.Segment segment;
                        while ((segment = next(file, pipeline, chunk)) != null) {
                            Object[] items = order.sort(segment);
                            for (int i = 0; i < segment.items().length; i++) {
                                Observation observation = observation(file, chunk, items[i]);
                                if (observation == null) {
                                    continue;
                                }
                                long at = observation.time();
                                if (at - lastReported >= step) {
                                    lastReported = at;
                                    progress.accept(span.durationNanos() == 0 ? 0
                                            : Math.clamp((at - span.startNanos()) / (double) span.durationNanos(), 0.0, 1.0));
                                }
                                sink.accept(observation);
                            }
                        }
                    }
                }
            }
            if (chunks.truncation() != null) {
                throw chunks.truncation();
            }
        } catch (IOException e) {
            throw e instanceof UnreadableRecordingException unreadable ? unreadable
                    : new UnreadableRecordingException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableRecordingException("interrupted while reading " + file, e);
        }
        progress.accept(1.0);
        return span;
    }

    /**
     * One reading thread per processor but one, which the calling thread keeps for the sink (the analysis) and the
     * JIT compiler: on two processors, two reading threads were slower than one (more CPU time, twice the memory,
     * and no shorter wall time); at most four, since each holds a chunk and the objects resolved from it.
     */
    private static int readingThreads() {
        return Math.clamp(Runtime.getRuntime().availableProcessors() - 1, 1, 4);
    }

    /**
     * How many items may be read ahead of the chunk being received: a sixteenth of the heap at some 64 bytes an
     * observation, about 500,000 at {@code -Xmx512m} (most of a chunk of a busy recording) and 65,000 at
     * {@code -Xmx64m}.
     */
    private static long aheadBudget() {
        return Math.max(16_384, Runtime.getRuntime().maxMemory() / 16 / 64);
    }

    /**
     * The largest chunk a reading thread copies onto the heap whole: a sixteenth of the heap, 32 MB at
     * {@code -Xmx512m}, where JDK's chunks are some 12 MB; a larger chunk is read a window at a time.
     */
    private static long wholeChunkBytes() {
        return Runtime.getRuntime().maxMemory() / 16;
    }

    private static SegmentOrder.Segment next(Path file, ChunkPipeline pipeline, int chunk)
            throws IOException, InterruptedException, UnreadableRecordingException {
        try {
            return pipeline.next(chunk);
        } catch (ChunkPipeline.ChunkFailure failure) {
            switch (failure.getCause()) {
                case ChunkFormatException e -> throw new UnreadableRecordingException(
                        file + " is damaged: chunk " + (chunk + 1) + ": " + e.getMessage(), e);
                case IOException e -> throw e;
                // A check this parser lacks; still the file's fault, so still one line for the user.
                case RuntimeException e -> throw damaged(file, chunk, e);
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure.getCause());
            }
        }
    }

    private static Observation observation(Path file, int chunk, Object item) throws UnreadableRecordingException {
        if (item instanceof EventDecoder.Deferred deferred) {
            try {
                return deferred.convert();
            } catch (RuntimeException e) {
                throw damaged(file, chunk, e);
            }
        }
        return (Observation) item;
    }

    private static UnreadableRecordingException damaged(Path file, int chunk, RuntimeException e) {
        return new UnreadableRecordingException(file + " is damaged: chunk " + (chunk + 1) + ": " + e, e);
    }

    /** The chunks the file's headers declare, and the truncation that ends them early, if any. */
    record Chunks(List<ChunkPipeline.Chunk> found, UnreadableRecordingException truncation) {
    }

    static Chunks chunks(Path file, FileChannel channel) throws IOException {
        List<ChunkPipeline.Chunk> found = new ArrayList<>();
        long size = channel.size();
        long position = 0;
        for (int chunk = 1; position < size; chunk++) {
            long chunkSize = chunkSize(channel, position);
            if (chunkSize < ChunkHeader.BYTES || chunkSize > size - position) {
                return new Chunks(found, new UnreadableRecordingException(file + " is truncated: chunk " + chunk
                        + " declares " + chunkSize + " bytes but only " + (size - position) + " remain"));
            }
            found.add(new ChunkPipeline.Chunk(position, chunkSize));
            position += chunkSize;
        }
        return new Chunks(found, null);
    }

    /**
     * What the chunks' metadata says before their events are read: whether some chunk declares
     * {@link ObservationConverters#AGENT_CONFIGURATION} (no event of a type can be in a chunk that does not declare
     * it), and the metadata read last, or null, from which the reading threads start, so that the same bytes are
     * not parsed twice. A chunk whose metadata cannot be read counts as declaring the type, so that the damage is
     * reported where the chunk is read, after the chunks before it.
     */
    private record Types(boolean agentConfiguration, Metadata last) {
    }

    private static Types types(FileChannel channel, List<ChunkPipeline.Chunk> chunks) throws IOException {
        Metadata last = null;
        for (ChunkPipeline.Chunk chunk : chunks) {
            try {
                ChunkInput input = ChunkInput.window(channel, chunk.position(), chunk.size(),
                        ChunkPipeline.POOL_WINDOW_BYTES);
                last = Metadata.read(input, ChunkHeader.read(input), last);
                if (last.type(ObservationConverters.AGENT_CONFIGURATION) != null) {
                    return new Types(true, last);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException damaged) {
                return new Types(true, last);
            }
        }
        return new Types(false, last);
    }

    /** Every chunk's times are converted with the first chunk's clock, as jdk.jfr does. */
    private static TimeConverter firstChunkClock(Path file, FileChannel channel, ChunkPipeline.Chunk first)
            throws IOException, UnreadableRecordingException {
        try {
            return TimeConverter.of(ChunkHeader.read(ChunkInput.window(channel, first.position(), first.size(),
                    ChunkPipeline.POOL_WINDOW_BYTES)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (ChunkFormatException e) {
            throw new UnreadableRecordingException(file + " is damaged: chunk 1: " + e.getMessage(), e);
        }
    }

    private static long chunkSize(FileChannel channel, long chunkStart) throws IOException {
        ByteBuffer size = ByteBuffer.allocate(Long.BYTES);
        while (size.hasRemaining()) {
            if (channel.read(size, chunkStart + 8 + size.position()) < 0) {
                return -1;
            }
        }
        return size.getLong(0);
    }
}
