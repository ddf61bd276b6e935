package dev.spillway.reporter.read;

import java.util.function.LongFunction;

/**
 * JFR's string encoding: one byte says how the string is written, then
 * <ul>
 * <li>0: null; 1: the empty string;
 * <li>2: a varint key into the chunk's {@code java.lang.String} constant pool;
 * <li>3: a varint length and that many UTF-8 bytes; 5: the same in Latin-1;
 * <li>4: a varint length and that many varint chars.
 * </ul>
 */
final class JfrStrings {
    private static final int NULL = 0;
    private static final int EMPTY = 1;
    private static final int CONSTANT_POOL = 2;
    private static final int UTF8 = 3;
    private static final int CHARS = 4;
    private static final int LATIN1 = 5;

    private JfrStrings() {
    }

    /** @param pool resolves encoding 2; null where the format allows no pool (the metadata's string table) */
    static String read(ChunkInput input, LongFunction<String> pool) {
        int encoding = input.readByte();
        return switch (encoding) {
            case NULL -> null;
            case EMPTY -> "";
            case CONSTANT_POOL -> {
                long key = input.readVarLong();
                if (pool == null) {
                    throw new ChunkFormatException("a constant-pool string where no pool applies, at byte " + input.position());
                }
                yield pool.apply(key);
            }
            case UTF8 -> input.readUtf8(input.readCount(1));
            case LATIN1 -> input.readLatin1(input.readCount(1));
            case CHARS -> {
                int length = input.readCount(1);
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) input.readVarLong();
                }
                yield new String(chars);
            }
            default -> throw new ChunkFormatException("unknown string encoding " + encoding + " at byte " + (input.position() - 1));
        };
    }

    static void skip(ChunkInput input) {
        int encoding = input.readByte();
        switch (encoding) {
            case NULL, EMPTY -> {
            }
            case CONSTANT_POOL -> input.readVarLong();
            case UTF8, LATIN1 -> input.skip(input.readCount(1));
            case CHARS -> {
                int length = input.readCount(1);
                for (int i = 0; i < length; i++) {
                    input.readVarLong();
                }
            }
            default -> throw new ChunkFormatException("unknown string encoding " + encoding + " at byte " + (input.position() - 1));
        }
    }
}
