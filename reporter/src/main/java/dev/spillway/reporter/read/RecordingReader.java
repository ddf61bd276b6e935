package dev.spillway.reporter.read;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Reads a recording made by JDK 17 or later and turns the events the reporter knows into {@link Observation}s,
 * with a JFR chunk parser of its own (this package's {@link ChunkReader} and the classes it uses) instead of
 * {@code jdk.jfr.consumer}: it skips every other event by its size, decodes only the fields it uses, and resolves a
 * stack trace once per chunk to the site it stands for. The observations are the ones {@code EventStream} with
 * {@code setOrdered(true)} would give, in the same order (a differential test holds the two to that).
 *
 * <p>Memory does not grow with the recording: one chunk is mapped at a time (not read onto the heap), and what is
 * kept per chunk is an index of its constant pools, the objects resolved from them, and two longs per event of the
 * current flush segment.
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
        RecordingFileCheck.Span span = RecordingFileCheck.check(file);
        long step = Math.max(1, span.durationNanos() / 100);
        long[] lastReported = {span.startNanos() - step};
        ChunkReader reader = new ChunkReader(new ObservationConverters(), observation -> {
            long time = observation.time();
            if (time - lastReported[0] >= step) {
                lastReported[0] = time;
                progress.accept(span.durationNanos() == 0 ? 0
                        : Math.clamp((time - span.startNanos()) / (double) span.durationNanos(), 0.0, 1.0));
            }
            try {
                sink.accept(observation);
            } catch (RuntimeException e) {
                throw new SinkFailure(e);
            }
        });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            for (int chunk = 1; position < size; chunk++) {
                long chunkSize = chunkSize(channel, position);
                if (chunkSize < ChunkHeader.BYTES || chunkSize > size - position) {
                    throw new UnreadableRecordingException(file + " is truncated: chunk " + chunk + " declares "
                            + chunkSize + " bytes but only " + (size - position) + " remain");
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment bytes = channel.map(FileChannel.MapMode.READ_ONLY, position, chunkSize, arena);
                    reader.read(new ChunkInput(bytes), new ChunkInput(bytes));
                } catch (ChunkFormatException e) {
                    throw new UnreadableRecordingException(file + " is damaged: chunk " + chunk + ": " + e.getMessage(), e);
                } catch (SinkFailure e) {
                    throw e.getCause();
                } catch (RuntimeException e) {
                    // A check this parser lacks; still the file's fault, so still one line for the user.
                    throw new UnreadableRecordingException(file + " is damaged: chunk " + chunk + ": " + e, e);
                }
                position += chunkSize;
            }
        } catch (IOException e) {
            throw e instanceof UnreadableRecordingException unreadable ? unreadable
                    : new UnreadableRecordingException("cannot read " + file + ": " + e.getMessage(), e);
        }
        progress.accept(1.0);
        return span;
    }

    /** Carries what the sink threw past the parser's own handling of malformed input. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
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
