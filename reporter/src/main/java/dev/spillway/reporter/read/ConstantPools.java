package dev.spillway.reporter.read;

/**
 * The constant pools of one chunk, indexed but not decoded: for each type and key, where the value starts. Values
 * are decoded when first asked for and kept for the rest of the chunk.
 *
 * <p>The pools are in checkpoint events (type id 1): size, type id, start ticks, duration, the delta to the
 * previous checkpoint (0 for the first), a byte of flags (bit 0: ends a flush segment), the number of pools, and
 * per pool its type id, entry count, and entries of key and value. The header points at the last checkpoint; a
 * chunk written with periodic flushes has several. A key found twice keeps the value of the earlier checkpoint,
 * as jdk.jfr does.
 *
 * <p>Invariant: the index holds only positions inside the chunk, each checked by walking its value once.
 */
final class ConstantPools {
    static final long CHECKPOINT_TYPE_ID = 1;
    private static final Object NULL = new Object();
    private static final int MAX_DEPTH = 16;

    private final ChunkInput input;
    private final Metadata metadata;
    private final LongKeyMap<PositionIndex> positions = new LongKeyMap<>();
    private final LongKeyMap<LongKeyMap<Object>> decoded = new LongKeyMap<>();
    private final JfrType stringType;
    private int resolving;

    private ConstantPools(ChunkInput input, Metadata metadata) {
        this.input = input;
        this.metadata = metadata;
        this.stringType = metadata.type("java.lang.String");
    }

    /** @param input a cursor of its own: decoding a value on demand must not move the event reader's position */
    static ConstantPools index(ChunkInput input, ChunkHeader header, Metadata metadata) {
        ConstantPools pools = new ConstantPools(input, metadata);
        long at = header.constantPoolOffset();
        long checkpoints = 0;
        while (true) {
            if (++checkpoints > header.size() / 8) {
                throw new ChunkFormatException("the chain of checkpoints loops");
            }
            long delta = pools.indexCheckpoint(at);
            if (delta == 0) {
                return pools;
            }
            at += delta;
            if (at < ChunkHeader.BYTES || at >= header.size()) {
                throw new ChunkFormatException("a checkpoint's delta points outside the chunk, to byte " + at);
            }
        }
    }

    private long indexCheckpoint(long at) {
        input.position(at);
        long size = input.readVarLong();
        if (input.readVarLong() != CHECKPOINT_TYPE_ID) {
            throw new ChunkFormatException("no checkpoint event at byte " + at);
        }
        input.readVarLong();
        input.readVarLong();
        long delta = input.readVarLong();
        input.readByte();
        int poolCount = input.readCount(2);
        for (int i = 0; i < poolCount; i++) {
            long typeId = input.readVarLong();
            JfrType type = metadata.type(typeId);
            if (type == null) {
                throw new ChunkFormatException("a constant pool of undeclared type " + typeId + " at byte " + input.position());
            }
            PositionIndex pool = positions.get(typeId);
            if (pool == null) {
                pool = new PositionIndex();
                positions.put(typeId, pool);
            }
            int count = input.readCount(1);
            for (int j = 0; j < count; j++) {
                long key = input.readVarLong();
                pool.put(key, input.position());
                Values.skipType(input, type);
            }
        }
        if (input.position() != at + size) {
            throw new ChunkFormatException("the checkpoint at byte " + at + " declares " + size + " bytes but holds "
                    + (input.position() - at));
        }
        return delta;
    }

    /**
     * The decoded value of {@code key} in the pool of {@code type} (see {@link Values} for its form), or null when
     * the pool has no such key, which jdk.jfr also reads as null.
     */
    Object value(JfrType type, long key) {
        LongKeyMap<Object> cache = decoded.get(type.id);
        if (cache == null) {
            cache = new LongKeyMap<>();
            decoded.put(type.id, cache);
        }
        Object value = cache.get(key);
        if (value == null) {
            long position = position(type, key);
            if (position == PositionIndex.ABSENT) {
                value = NULL;
            } else {
                if (++resolving > MAX_DEPTH) {
                    throw new ChunkFormatException("constant-pool values refer to each other deeper than " + MAX_DEPTH);
                }
                long saved = input.position();
                try {
                    input.position(position);
                    value = Values.readType(input, type, this);
                } finally {
                    input.position(saved);
                    resolving--;
                }
                if (value == null) {
                    value = NULL;
                }
            }
            cache.put(key, value);
        }
        return value == NULL ? null : value;
    }

    long position(JfrType type, long key) {
        PositionIndex pool = positions.get(type.id);
        return pool == null ? PositionIndex.ABSENT : pool.get(key);
    }

    /**
     * The pools' own cursor at the value of {@code key} in the pool of {@code type}, or null when the pool lacks
     * it. {@link #value} puts the cursor back where it was, so the caller may resolve other values between reads.
     */
    ChunkInput at(JfrType type, long key) {
        long position = position(type, key);
        if (position == PositionIndex.ABSENT) {
            return null;
        }
        input.position(position);
        return input;
    }

    /** A string from the {@code java.lang.String} pool. */
    String string(long key) {
        if (stringType == null) {
            throw new ChunkFormatException("a constant-pool string, but the metadata declares no java.lang.String");
        }
        Object value = value(stringType, key);
        if (value != null && !(value instanceof String)) {
            throw new ChunkFormatException("string pool entry " + key + " is no string");
        }
        return (String) value;
    }

    /**
     * The string a field holds: inline, by key into the string pool, or by key into the pool of a simple type
     * that stands for a string (a {@code jdk.types.Symbol}, a GC name or cause).
     *
     * @throws IllegalArgumentException when the field holds no string, as jdk.jfr's {@code getString} would
     */
    String string(JfrField field, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (field.constantPool && value instanceof Long key) {
            return stringOfType(field.type, key, 0);
        }
        throw new IllegalArgumentException("field " + field.name + " holds no string");
    }

    private String stringOfType(JfrType type, long key, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ChunkFormatException("type " + type.name + " refers to itself");
        }
        Object value = value(type, key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        JfrField inner = type.valueField();
        if (inner != null && inner.constantPool && value instanceof Long innerKey) {
            return stringOfType(inner.type, innerKey, depth + 1);
        }
        throw new IllegalArgumentException("type " + type.name + " is no string");
    }
}
