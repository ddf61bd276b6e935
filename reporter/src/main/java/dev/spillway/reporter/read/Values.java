package dev.spillway.reporter.read;

/**
 * Skips or decodes one field's value as the metadata lays it out. Decoded values are plain Java objects: a
 * {@code Long} for every integer type and for a constant-pool key (the field says which), {@code Boolean},
 * {@code Float}, {@code Double}, {@code String}, {@code Object[]} for an array or an inline struct, and for a
 * simple struct the value of its one field.
 *
 * <p>Invariant: nesting is bounded by {@link #MAX_DEPTH}, so a type that contains itself cannot recurse forever.
 */
final class Values {
    private static final int MAX_DEPTH = 16;

    private Values() {
    }

    static void skip(ChunkInput input, JfrField field) {
        skip(input, field, 0);
    }

    static void skipType(ChunkInput input, JfrType type) {
        skipType(input, type, 0);
    }

    private static void skip(ChunkInput input, JfrField field, int depth) {
        if (field.array) {
            int count = input.readCount(1);
            int varintsEach = field.constantPool || field.type.kind == JfrType.Kind.VARINT ? 1 : field.type.varints;
            if (varintsEach > 0) {
                input.skipVarLongs((long) count * varintsEach);
                return;
            }
            for (int i = 0; i < count; i++) {
                skipElement(input, field, depth);
            }
        } else {
            skipElement(input, field, depth);
        }
    }

    private static void skipElement(ChunkInput input, JfrField field, int depth) {
        if (field.constantPool) {
            input.skipVarLong();
        } else {
            skipType(input, field.type, depth);
        }
    }

    private static void skipFlat(ChunkInput input, byte[] widths) {
        for (byte width : widths) {
            if (width == 0) {
                input.skipVarLong();
            } else {
                input.skip(width);
            }
        }
    }

    private static void skipType(ChunkInput input, JfrType type, int depth) {
        switch (type.kind) {
            case BOOLEAN, BYTE -> input.skip(1);
            case VARINT -> input.skipVarLong();
            case FLOAT -> input.skip(Float.BYTES);
            case DOUBLE -> input.skip(Double.BYTES);
            case STRING -> JfrStrings.skip(input);
            case STRUCT -> {
                if (type.flatWidths != null) {
                    skipFlat(input, type.flatWidths);
                    return;
                }
                checkDepth(type, depth);
                for (JfrField f : type.fields) {
                    skip(input, f, depth + 1);
                }
            }
        }
    }

    static Object read(ChunkInput input, JfrField field, ConstantPools pools) {
        return read(input, field, pools, 0);
    }

    static Object readType(ChunkInput input, JfrType type, ConstantPools pools) {
        return readType(input, type, pools, 0);
    }

    private static Object read(ChunkInput input, JfrField field, ConstantPools pools, int depth) {
        if (field.array) {
            int count = input.readCount(1);
            Object[] elements = new Object[count];
            for (int i = 0; i < count; i++) {
                elements[i] = readElement(input, field, pools, depth);
            }
            return elements;
        }
        return readElement(input, field, pools, depth);
    }

    private static Object readElement(ChunkInput input, JfrField field, ConstantPools pools, int depth) {
        return field.constantPool ? Long.valueOf(input.readVarLong()) : readType(input, field.type, pools, depth);
    }

    private static Object readType(ChunkInput input, JfrType type, ConstantPools pools, int depth) {
        return switch (type.kind) {
            case BOOLEAN -> input.readBoolean();
            case BYTE -> (long) input.readByte();
            case VARINT -> input.readVarLong();
            case FLOAT -> input.readFloat();
            case DOUBLE -> input.readDouble();
            case STRING -> JfrStrings.read(input, pools::string);
            case STRUCT -> {
                checkDepth(type, depth);
                if (type.valueField() != null) {
                    yield read(input, type.valueField(), pools, depth + 1);
                }
                Object[] values = new Object[type.fields.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = read(input, type.fields.get(i), pools, depth + 1);
                }
                yield values;
            }
        };
    }

    private static void checkDepth(JfrType type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ChunkFormatException("type " + type.name + " is nested deeper than " + MAX_DEPTH);
        }
    }
}
