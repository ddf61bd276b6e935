package dev.spillway.reporter.read;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of one chunk, with JFR's encodings: integers of every width as LEB128-style varints
 * (seven bits a byte, least significant first, the ninth byte carrying eight bits), floats and doubles as
 * big-endian raw bits, booleans and bytes as one byte.
 *
 * <p>Invariant: {@code 0 <= position <= limit}. Every read checks that its bytes lie below {@code limit}, here and
 * nowhere else, and throws {@link ChunkFormatException} when they do not; a read never moves the position past
 * the limit.
 */
final class ChunkInput {
    private static final ValueLayout.OfInt BIG_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BIG_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BIG_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LITTLE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int MAX_VARINT_BYTES = 9;

    private final MemorySegment bytes;
    private final long limit;
    private long position;

    ChunkInput(MemorySegment bytes) {
        this.bytes = bytes;
        this.limit = bytes.byteSize();
    }

    long limit() {
        return limit;
    }

    long position() {
        return position;
    }

    void position(long newPosition) {
        if (newPosition < 0 || newPosition > limit) {
            throw outside(newPosition, 0);
        }
        position = newPosition;
    }

    void skip(long count) {
        require(count);
        position += count;
    }

    byte readByte() {
        require(1);
        return bytes.get(ValueLayout.JAVA_BYTE, position++);
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    float readFloat() {
        require(Integer.BYTES);
        float value = Float.intBitsToFloat(bytes.get(BIG_INT, position));
        position += Integer.BYTES;
        return value;
    }

    double readDouble() {
        require(Long.BYTES);
        double value = Double.longBitsToDouble(bytes.get(BIG_LONG, position));
        position += Long.BYTES;
        return value;
    }

    int readVarInt() {
        return (int) readVarLong();
    }

    /** A count or size that must fit the rest of the chunk at {@code bytesEach} bytes or more per element. */
    int readCount(int bytesEach) {
        long count = readVarLong();
        if (count < 0 || count * bytesEach > limit - position) {
            throw new ChunkFormatException("a count of " + count + " at byte " + position + " does not fit the chunk");
        }
        return (int) count;
    }

    long readVarLong() {
        long p = position;
        if (limit - p < MAX_VARINT_BYTES) {
            return readVarLongNearEnd();
        }
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte b = bytes.get(ValueLayout.JAVA_BYTE, p++);
            result |= (b & 0x7FL) << shift;
            if (b >= 0) {
                position = p;
                return result;
            }
        }
        result |= (bytes.get(ValueLayout.JAVA_BYTE, p++) & 0xFFL) << 56;
        position = p;
        return result;
    }

    /** Moves past one varint without assembling its value. */
    void skipVarLong() {
        long p = position;
        if (limit - p < MAX_VARINT_BYTES) {
            readVarLongNearEnd();
            return;
        }
        long last = p + MAX_VARINT_BYTES - 1;
        while (p < last && bytes.get(ValueLayout.JAVA_BYTE, p) < 0) {
            p++;
        }
        position = p + 1;
    }

    /**
     * Moves past {@code count} varints, eight bytes at a time: a byte whose high bit is clear ends a varint, so a
     * word's count of such bytes is the varints it ends. A varint of nine bytes (eight with the high bit set, then
     * a byte of eight bits, whose high bit says nothing) is stepped over from its start on its own. Stack frames,
     * most of a chunk's constant pools, are nothing but varints, and every one is walked to index the pools.
     */
    void skipVarLongs(long count) {
        long p = position;
        long remaining = count;
        int carried = 0;
        while (remaining > 0) {
            if (limit - p < Long.BYTES) {
                position = p - carried;
                for (; remaining > 0; remaining--) {
                    skipVarLong();
                }
                return;
            }
            long ends = ~bytes.get(LITTLE_LONG, p) & HIGH_BITS;
            if (ends == 0 || carried + (Long.numberOfTrailingZeros(ends) >>> 3) >= MAX_VARINT_BYTES - 1) {
                position = p - carried;
                skipVarLong();
                p = position;
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
        position = p;
    }

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
        return new String(readBytes(length), StandardCharsets.UTF_8);
    }

    String readLatin1(int length) {
        return new String(readBytes(length), StandardCharsets.ISO_8859_1);
    }

    private byte[] readBytes(int length) {
        require(length);
        byte[] array = new byte[length];
        MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, position, array, 0, length);
        position += length;
        return array;
    }

    /** Whether the bytes from {@code start} to {@code end} are {@code expected}; the position does not move. */
    boolean matches(long start, long end, byte[] expected) {
        check(start, end - start);
        return end - start == expected.length
                && bytes.asSlice(start, end - start).mismatch(MemorySegment.ofArray(expected)) == -1;
    }

    /** A copy of the bytes from {@code start} to {@code end}; the position does not move. */
    byte[] bytesAt(long start, long end) {
        check(start, end - start);
        if (end - start > Integer.MAX_VALUE - 8) {
            throw new ChunkFormatException("a span of " + (end - start) + " bytes at byte " + start + " is too long");
        }
        return bytes.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Big-endian fixed-width fields of the chunk header; {@code offset} is absolute, the position does not move. */
    long rawLong(long offset) {
        check(offset, Long.BYTES);
        return bytes.get(BIG_LONG, offset);
    }

    int rawInt(long offset) {
        check(offset, Integer.BYTES);
        return bytes.get(BIG_INT, offset);
    }

    int rawUnsignedShort(long offset) {
        check(offset, Short.BYTES);
        return Short.toUnsignedInt(bytes.get(BIG_SHORT, offset));
    }

    int rawUnsignedByte(long offset) {
        check(offset, 1);
        return Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, offset));
    }

    private void require(long count) {
        if (count < 0 || count > limit - position) {
            throw outside(position, count);
        }
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
