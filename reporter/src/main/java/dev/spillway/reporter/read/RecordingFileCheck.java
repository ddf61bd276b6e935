package dev.spillway.reporter.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the chunk headers of a JFR file before it is parsed, so that a foreign, empty or truncated file is
 * refused with a plain message instead of an exception from deep inside {@code jdk.jfr}, which reads a
 * truncated last chunk as if the recording simply ended there.
 *
 * <p>Chunk header layout (all big-endian): magic {@code FLR\0}, major and minor version (u2 each), chunk size,
 * constant pool offset, metadata offset, start (epoch ns), duration (ns), start ticks, ticks per second (u8 each).
 */
public final class RecordingFileCheck {
    private static final int MAGIC = 0x464c5200;
    private static final int HEADER_BYTES = 68;

    /** What the chunk headers say about the whole recording. */
    public record Span(int chunks, long startNanos, long endNanos, int majorVersion, int minorVersion) {
        public long durationNanos() {
            return Math.max(0, endNanos - startNanos);
        }
    }

    private RecordingFileCheck() {
    }

    public static Span check(Path file) throws UnreadableRecordingException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new UnreadableRecordingException("no such file: " + file);
        } catch (IOException e) {
            throw new UnreadableRecordingException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new UnreadableRecordingException(file + " is a directory, not a JFR recording");
        }
        if (size == 0) {
            throw new UnreadableRecordingException(file + " is empty, not a JFR recording");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            long position = 0;
            int chunks = 0;
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            int major = 0;
            int minor = 0;
            while (position < size) {
                header.clear();
                int read = readFully(channel, header, position);
                if (read >= 4 && header.getInt(0) != MAGIC) {
                    throw chunks == 0
                            ? new UnreadableRecordingException(file + " is not a JFR recording (no FLR magic)")
                            : new UnreadableRecordingException(file + " is damaged: chunk " + (chunks + 1) + " has no FLR magic");
                }
                if (read < HEADER_BYTES) {
                    throw chunks == 0 && read < 4
                            ? new UnreadableRecordingException(file + " is not a JFR recording (" + size + " bytes)")
                            : new UnreadableRecordingException(file + " is truncated: chunk " + (chunks + 1) + " has an incomplete header");
                }
                long chunkSize = header.getLong(8);
                if (chunkSize < HEADER_BYTES || position + chunkSize > size) {
                    throw new UnreadableRecordingException(file + " is truncated: chunk " + (chunks + 1) + " declares "
                            + chunkSize + " bytes but only " + (size - position) + " remain (or it is still being written)");
                }
                if (chunks == 0) {
                    major = Short.toUnsignedInt(header.getShort(4));
                    minor = Short.toUnsignedInt(header.getShort(6));
                }
                long chunkStart = header.getLong(32);
                long chunkDuration = header.getLong(40);
                start = Math.min(start, chunkStart);
                end = Math.max(end, chunkStart + chunkDuration);
                chunks++;
                position += chunkSize;
            }
            return new Span(chunks, start, end, major, minor);
        } catch (UnreadableRecordingException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableRecordingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
