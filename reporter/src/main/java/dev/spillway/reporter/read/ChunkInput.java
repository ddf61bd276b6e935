package dev.spillway.reporter.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the bytes of one chunk, with JFR's encodings: integers of every width as LEB128-style varints
 * (seven bits a byte, least significant first, the ninth byte carrying eight bits), floats and doubles as
 * big-endian raw bits, booleans and bytes as one byte.
 *
 * <p>The bytes are read from a heap array: the whole chunk ({@link #of(byte[])}, the common case, where cursors
 * share one array), or a window of it that is read from the file again wherever the cursor goes outside it
 * ({@link #window}, for a chunk too large to hold). A heap array, not a mapped {@code MemorySegment}: every access
 * to a segment checks its bounds and its arena, and walking a 1 GB recording's 68 million records took three times
 * as long that way as copying each chunk to the heap and walking the copy.
 *
 * <p>Invariants: {@code 0 <= position <= limit}, where position is {@code bufferStart + index}; the buffer holds
 * the chunk's bytes from {@code bufferStart} to {@code bufferStart + bufferEnd}, and {@code index <= bufferEnd}
 * unless the cursor was moved outside it (then {@code bufferEnd == 0} and the next read fills the window there).
 * Every read checks that its bytes lie below {@code limit}, here and nowhere else, and throws
 * {@link ChunkFormatException} when they do not; a read never moves the position past the limit. A window that
 * cannot be read from the file throws {@link UncheckedIOException}.
 */
final class ChunkInput {
    private static final VarHandle BIG_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LITTLE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int MAX_VARINT_BYTES = 9;
    /** The most bytes one read asks of the channel (see {@link #readFully}). */
    private static final int READ_SLICE = 1 << 20;

    /** Where a window's bytes come from; null when the buffer holds the whole chunk. */
    private final FileChannel channel;
    /** The chunk's first byte in the file. */
    private final long chunkStart;
    private final int windowBytes;
    private final long limit;
    private byte[] buffer;
    private long bufferStart;
    private int bufferEnd;
    private int index;

    private ChunkInput(byte[] buffer, int bufferEnd, FileChannel channel, long chunkStart, long limit, int windowBytes) {
        this.buffer = buffer;
        this.bufferEnd = bufferEnd;
        this.channel = channel;
        this.chunkStart = chunkStart;
        this.limit = limit;
        this.windowBytes = windowBytes;
    }

    /** A cursor over a whole chunk held in {@code chunk}; cursors over the same chunk may share the array. */
    static ChunkInput of(byte[] chunk) {
        return of(chunk, chunk.length);
    }

    /** A cursor over a whole chunk of {@code size} bytes held at the start of {@code buffer}. */
    static ChunkInput of(byte[] buffer, int size) {
        if (size < 0 || size > buffer.length) {
            throw new IllegalArgumentException(size + " bytes in a buffer of " + buffer.length);
        }
        return new ChunkInput(buffer, size, null, 0, size, 0);
    }

    /**
     * A cursor over the {@code size} bytes at {@code start} of {@code channel}, which reads them {@code windowBytes}
     * at a time (more when one value needs more), wherever the cursor goes.
     */
    static ChunkInput window(FileChannel channel, long start, long size, int windowBytes) {
        if (windowBytes < 16) {
            throw new IllegalArgumentException("a window of " + windowBytes + " bytes");
        }
        return new ChunkInput(new byte[0], 0, channel, start, size, windowBytes);
    }

    /**
     * Reads the {@code size} bytes at {@code start} of {@code channel} into {@code buffer}, or into a new array when
     * it is too small; returns the array read into.
     */
    static byte[] read(FileChannel channel, long start, int size, byte[] buffer) throws IOException {
        byte[] bytes = buffer.length >= size ? buffer : new byte[size];
        readFully(channel, start, bytes, size);
        return bytes;
    }

    /**
     * The {@code length} bytes at {@code start} of {@code channel} into the start of {@code into}, at most {@link
     * #READ_SLICE} bytes per read: NIO reads into a heap array through a temporary direct buffer of the read's size,
     * which it keeps per thread and replaces by a larger one when a read is larger, so reading a chunk (12–21 MB) whole
     * put the kernel's copy into fresh pages for every chunk larger than the ones before.
     */
    private static void readFully(FileChannel channel, long start, byte[] into, int length) throws IOException {
        int done = 0;
        while (done < length) {
            ByteBuffer target = ByteBuffer.wrap(into, done, Math.min(READ_SLICE, length - done));
            int read = channel.read(target, start + done);
            if (read < 0) {
                throw new ChunkFormatException("the file ends " + done + " bytes into a read of " + length
                        + " at byte " + start);
            }
            done += read;
        }
    }


    long limit() {
        return limit;
    }

    long position() {
        return bufferStart + index;
    }

    void position(long newPosition) {
        if (newPosition < 0 || newPosition > limit) {
            throw outside(newPosition, 0);
        }
        long offset = newPosition - bufferStart;
        if (offset >= 0 && offset <= bufferEnd) {
            index = (int) offset;
        } else {
            bufferStart = newPosition;
            bufferEnd = 0;
            index = 0;
        }
    }

    void skip(long count) {
        if (count < 0 || count > limit - position()) {
            throw outside(position(), count);
        }
        position(position() + count);
    }

    byte readByte() {
        if (index >= bufferEnd) {
            require(1);
        }
        return buffer[index++];
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    float readFloat() {
        require(Integer.BYTES);
        float value = Float.intBitsToFloat((int) BIG_INT.get(buffer, index));
        index += Integer.BYTES;
        return value;
    }

    double readDouble() {
        require(Long.BYTES);
        double value = Double.longBitsToDouble((long) BIG_LONG.get(buffer, index));
        index += Long.BYTES;
        return value;
    }

    int readVarInt() {
        return (int) readVarLong();
    }

    /** A count or size that must fit the rest of the chunk at {@code bytesEach} bytes or more per element. */
    int readCount(int bytesEach) {
        long count = readVarLong();
        if (count < 0 || count * bytesEach > limit - position()) {
            throw new ChunkFormatException("a count of " + count + " at byte " + position() + " does not fit the chunk");
        }
        return (int) count;
    }

    /**
     * A loop over the bytes, not a word read with shifts and masks: the exit branch is predicted well (a field's
     * varints mostly have one length), and the loop measured faster.
     */
    long readVarLong() {
        int i = index;
        if (bufferEnd - i < MAX_VARINT_BYTES) {
            return readVarLongNearEnd();
        }
        byte[] b = buffer;
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte next = b[i++];
            result |= (next & 0x7FL) << shift;
            if (next >= 0) {
                index = i;
                return result;
            }
        }
        result |= (b[i++] & 0xFFL) << 56;
        index = i;
        return result;
    }

    /** Moves past one varint without assembling its value. */
    void skipVarLong() {
        int i = index;
        if (bufferEnd - i < MAX_VARINT_BYTES) {
            readVarLongNearEnd();
            return;
        }
        byte[] b = buffer;
        int last = i + MAX_VARINT_BYTES - 1;
        while (i < last && b[i] < 0) {
            i++;
        }
        index = i + 1;
    }

    /**
     * Moves past {@code count} varints, eight bytes at a time: a byte whose high bit is clear ends a varint, so a
     * word's count of such bytes is the varints it ends. A varint of nine bytes (eight with the high bit set, then
     * a byte of eight bits, whose high bit says nothing) is stepped over from its start on its own, as is every
     * varint near the end of the buffer. Stack frames, most of a chunk's constant pools, are nothing but varints,
     * and every one is walked to index the pools.
     */
    void skipVarLongs(long count) {
        int p = index;
        long remaining = count;
        int carried = 0;
        while (remaining > 0) {
            // Near the end of the buffer the word is taken as empty, so the varint is stepped over on its own.
            long ends = bufferEnd - p < Long.BYTES ? 0 : ~(long) LITTLE_LONG.get(buffer, p) & HIGH_BITS;
            if (ends == 0 || carried + (Long.numberOfTrailingZeros(ends) >>> 3) >= MAX_VARINT_BYTES - 1) {
                index = p - carried;
                skipVarLong();
                p = index;
                carried = 0;
                remaining--;
                continue;
            }
            int found = Long.bitCount(ends);
            if (found < remaining) {
                remaining -= found;
                carried = Long.numberOfLeadingZeros(ends) >>> 3;
                p += Long.BYTES;
                continue;
            }
            for (long k = remaining - 1; k > 0; k--) {
                ends &= ends - 1;
            }
            p += (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
            remaining = 0;
        }
        index = p;
    }

    /** Byte by byte, each read filling the window when the cursor has reached its end. */
    private long readVarLongNearEnd() {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte b = readByte();
            result |= (b & 0x7FL) << shift;
            if (b >= 0) {
                return result;
            }
        }
        return result | (readByte() & 0xFFL) << 56;
    }

    String readUtf8(int length) {
        require(length);
        String value = new String(buffer, index, length, StandardCharsets.UTF_8);
        index += length;
        return value;
    }

    String readLatin1(int length) {
        require(length);
        String value = new String(buffer, index, length, StandardCharsets.ISO_8859_1);
        index += length;
        return value;
    }

    /** Whether the bytes from {@code start} to {@code end} are {@code expected}; the position does not move. */
    boolean matches(long start, long end, byte[] expected) {
        check(start, end - start);
        if (end - start != expected.length) {
            return false;
        }
        long saved = at(start, expected.length);
        boolean same = Arrays.equals(buffer, index, index + expected.length, expected, 0, expected.length);
        position(saved);
        return same;
    }

    /** A copy of the bytes from {@code start} to {@code end}; the position does not move. */
    byte[] bytesAt(long start, long end) {
        check(start, end - start);
        if (end - start > Integer.MAX_VALUE - 8) {
            throw new ChunkFormatException("a span of " + (end - start) + " bytes at byte " + start + " is too long");
        }
        long saved = at(start, (int) (end - start));
        byte[] copy = Arrays.copyOfRange(buffer, index, index + (int) (end - start));
        position(saved);
        return copy;
    }

    /** Big-endian fixed-width fields of the chunk header; {@code offset} is absolute, the position does not move. */
    long rawLong(long offset) {
        long saved = at(offset, Long.BYTES);
        long value = (long) BIG_LONG.get(buffer, index);
        position(saved);
        return value;
    }

    int rawInt(long offset) {
        long saved = at(offset, Integer.BYTES);
        int value = (int) BIG_INT.get(buffer, index);
        position(saved);
        return value;
    }

    int rawUnsignedShort(long offset) {
        long saved = at(offset, Short.BYTES);
        int value = Short.toUnsignedInt((short) BIG_SHORT.get(buffer, index));
        position(saved);
        return value;
    }

    int rawUnsignedByte(long offset) {
        long saved = at(offset, 1);
        int value = Byte.toUnsignedInt(buffer[index]);
        position(saved);
        return value;
    }

    /** Moves to {@code offset} with {@code count} bytes there in the buffer; returns the position to go back to. */
    private long at(long offset, int count) {
        check(offset, count);
        long saved = position();
        position(offset);
        require(count);
        return saved;
    }

    /**
     * Checks that {@code count} bytes follow the position in the chunk, and makes them lie in the buffer from
     * {@code index} on, reading the window there when they do not.
     */
    private void require(long count) {
        if (count < 0 || count > limit - position()) {
            throw outside(position(), count);
        }
        if (count > bufferEnd - index) {
            fill((int) count);
        }
    }

    private void fill(int count) {
        if (channel == null) {
            throw new IllegalStateException("a whole chunk's cursor outside its buffer");
        }
        long start = position();
        int size = (int) Math.min(Math.max(windowBytes, count), limit - start);
        if (buffer.length < size) {
            buffer = new byte[size];
        }
        try {
            readFully(channel, chunkStart + start, buffer, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bufferStart = start;
        bufferEnd = size;
        index = 0;
    }

    private void check(long offset, long count) {
        if (offset < 0 || offset > limit - count) {
            throw outside(offset, count);
        }
    }

    private ChunkFormatException outside(long offset, long count) {
        return new ChunkFormatException("a read of " + count + " bytes at byte " + offset
                + " runs past the end of the chunk (" + limit + " bytes)");
    }
}
