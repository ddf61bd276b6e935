package dev.spillway.samples.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deterministic message contents and sizes, addressable by (seed, operation, position).
 *
 * <p>A load generator must produce the same bytes whatever thread runs an operation and however
 * the bytes are chunked on the wire, so every byte is a pure function of its coordinates rather
 * than the output of a shared random stream.
 */
public final class Payloads {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long seed;

    public Payloads(long seed) {
        this.seed = seed;
    }

    /**
     * A 64-bit key for {@code index}, distinct for distinct indices (SplitMix64's finaliser is a
     * bijection) and scattered like real ids, so hash tables see realistic keys.
     */
    public long key(long index) {
        return Mix.mix64(seed ^ index);
    }

    /**
     * The size of operation {@code index}'s message, between {@code min} and {@code max} inclusive,
     * log-uniformly distributed: real upload and message sizes have many small and few large ones.
     */
    public int size(long index, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= min <= max, got " + min + ".." + max);
        }
        if (min == max) {
            return min;
        }
        double unit = (Mix.mix64(seed * 31 + index ^ 0x5157L) >>> 11) * 0x1.0p-53;
        double lo = Math.log(Math.max(1, min));
        double hi = Math.log(max + 1.0);
        long size = (long) Math.exp(lo + unit * (hi - lo));
        return (int) Math.clamp(size, min, max);
    }

    /** Writes bytes {@code [position, position + length)} of operation {@code index}'s message. */
    public void fill(long index, long position, byte[] dst, int offset, int length) {
        long stream = Mix.mix64(seed ^ Mix.mix64(index));
        int i = 0;
        while (i < length && ((position + i) & 7) != 0) {
            dst[offset + i] = byteAt(stream, position + i);
            i++;
        }
        for (; i + 8 <= length; i += 8) {
            LONGS.set(dst, offset + i, Mix.mix64(stream + ((position + i) >>> 3)));
        }
        for (; i < length; i++) {
            dst[offset + i] = byteAt(stream, position + i);
        }
    }

    /** Writes operation {@code index}'s bytes from {@code position} into the remaining space of {@code dst}. */
    public void fill(long index, long position, ByteBuffer dst) {
        long stream = Mix.mix64(seed ^ Mix.mix64(index));
        ByteBuffer out = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = out.remaining();
        int i = 0;
        while (i < length && ((position + i) & 7) != 0) {
            out.put(i, byteAt(stream, position + i));
            i++;
        }
        for (; i + 8 <= length; i += 8) {
            out.putLong(i, Mix.mix64(stream + ((position + i) >>> 3)));
        }
        for (; i < length; i++) {
            out.put(i, byteAt(stream, position + i));
        }
        dst.position(dst.position() + length);
    }

    private static byte byteAt(long stream, long position) {
        return (byte) (Mix.mix64(stream + (position >>> 3)) >>> (8 * (position & 7)));
    }
}
