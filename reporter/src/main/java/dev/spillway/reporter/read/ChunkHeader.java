package dev.spillway.reporter.read;

/**
 * The fixed 68-byte header at the start of every chunk (all fields big-endian): magic {@code FLR\0}, major and
 * minor version (u2 each), then u8 each: chunk size, constant pool offset, metadata offset (both relative to the
 * chunk's start), start (epoch ns), duration (ns), start ticks, ticks per second; then u1 file state, two
 * reserved bytes, and u1 flags (bit 0: compressed integers, bit 1: final chunk).
 *
 * <p>Invariant after {@link #read}: the header lies within the chunk, and the constant pool and metadata offsets
 * point into the chunk past the header.
 */
record ChunkHeader(int major, int minor, long size, long constantPoolOffset, long metadataOffset, long startNanos,
                   long durationNanos, long startTicks, long ticksPerSecond, int flags) {
    static final int BYTES = 68;
    private static final int MAGIC = 0x464c5200;

    static ChunkHeader read(ChunkInput input) {
        if (input.rawInt(0) != MAGIC) {
            throw new ChunkFormatException("no FLR magic at the chunk's start");
        }
        ChunkHeader header = new ChunkHeader(input.rawUnsignedShort(4), input.rawUnsignedShort(6), input.rawLong(8),
                input.rawLong(16), input.rawLong(24), input.rawLong(32), input.rawLong(40), input.rawLong(48),
                input.rawLong(56), input.rawUnsignedByte(67));
        if (header.major != 1 && header.major != 2) {
            throw new ChunkFormatException("format version " + header.major + "." + header.minor
                    + ", only 1.x and 2.x can be read");
        }
        if (header.size != input.limit()) {
            throw new ChunkFormatException("the header declares " + header.size + " bytes, the chunk has " + input.limit());
        }
        header.requireInside("constant pool", header.constantPoolOffset);
        header.requireInside("metadata", header.metadataOffset);
        return header;
    }

    private void requireInside(String what, long offset) {
        if (offset < BYTES || offset >= size) {
            throw new ChunkFormatException("the " + what + " offset " + offset + " lies outside the chunk's "
                    + size + " bytes");
        }
    }
}
