package dev.spillway.reporter.read;

/**
 * The fields of the event being converted, decoded into reusable slots by {@link EventDecoder}; accessors take the
 * field index an {@link EventConverter.Fields} handed out, which is -1 for a field this chunk's type lacks.
 *
 * <p>The accessors follow jdk.jfr's {@code RecordedObject}: integers narrower than {@code long} widen as unsigned
 * when the field is {@code @Unsigned}; a timespan converts by its {@code @Timespan} unit; asking for a field the
 * type lacks, or for a value jdk.jfr cannot represent, throws {@link IllegalArgumentException}, and the event is
 * dropped as {@code EventStream} drops an event whose handler throws.
 */
final class EventView {
    /** How each field's integer widens, looked up per field once rather than by its type's name per call. */
    private static final byte NOT_INTEGER = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;
    private static final byte UNSIGNED_INT = 3;
    private static final byte SHORT = 4;
    private static final byte UNSIGNED_SHORT = 5;
    private static final byte BYTE = 6;
    private static final byte UNSIGNED_BYTE = 7;
    private static final byte CHAR = 8;

    final long[] numbers;
    final Object[] objects;
    private final JfrType type;
    private final byte[] integers;
    private ChunkObjects chunk;
    private TimeConverter time;
    long startTicks;
    long endTicks;

    EventView(JfrType type) {
        this(type, integers(type), new long[type.fields.size()], new Object[type.fields.size()]);
    }

    private EventView(JfrType type, byte[] integers, long[] numbers, Object[] objects) {
        this.type = type;
        this.integers = integers;
        this.numbers = numbers;
        this.objects = objects;
    }

    private static byte[] integers(JfrType type) {
        byte[] integers = new byte[type.fields.size()];
        for (int i = 0; i < integers.length; i++) {
            JfrField f = type.field(i);
            integers[i] = switch (f.type.name) {
                case "long" -> LONG;
                case "int" -> f.unsigned ? UNSIGNED_INT : INT;
                case "short" -> f.unsigned ? UNSIGNED_SHORT : SHORT;
                case "byte" -> f.unsigned ? UNSIGNED_BYTE : BYTE;
                case "char" -> CHAR;
                default -> NOT_INTEGER;
            };
        }
        return integers;
    }

    /** A view of its own holding the event decoded into this one, bound to the same chunk. */
    EventView copy() {
        EventView copy = new EventView(type, integers, numbers.clone(), objects.clone());
        copy.bind(chunk, time);
        copy.startTicks = startTicks;
        copy.endTicks = endTicks;
        return copy;
    }

    void bind(ChunkObjects chunk, TimeConverter time) {
        this.chunk = chunk;
        this.time = time;
    }

    long start() {
        return time.timestamp(startTicks);
    }

    /** The event's duration in nanoseconds: its converted end minus its converted start. */
    long duration() {
        return startTicks == endTicks ? 0 : time.timestamp(endTicks) - time.timestamp(startTicks);
    }

    int getInt(int field) {
        checkField(field);
        long value = numbers[field];
        return switch (integers[field]) {
            case LONG, INT, UNSIGNED_INT -> (int) value;
            case SHORT -> (short) value;
            case UNSIGNED_SHORT -> Short.toUnsignedInt((short) value);
            case BYTE -> (byte) value;
            case UNSIGNED_BYTE -> Byte.toUnsignedInt((byte) value);
            case CHAR -> (char) value;
            default -> throw new IllegalArgumentException(type.field(field) + " is no int");
        };
    }

    long getLong(int field) {
        checkField(field);
        long value = numbers[field];
        return switch (integers[field]) {
            case LONG -> value;
            case INT -> (int) value;
            case UNSIGNED_INT -> Integer.toUnsignedLong((int) value);
            case SHORT -> (short) value;
            case UNSIGNED_SHORT -> Short.toUnsignedLong((short) value);
            case BYTE -> (byte) value;
            case UNSIGNED_BYTE -> Byte.toUnsignedLong((byte) value);
            case CHAR -> (char) value;
            default -> throw new IllegalArgumentException(type.field(field) + " is no long");
        };
    }

    float getFloat(int field) {
        JfrField f = field(field);
        if (f.type.kind != JfrType.Kind.FLOAT) {
            throw new IllegalArgumentException(f + " is no float");
        }
        return Float.intBitsToFloat((int) numbers[field]);
    }

    boolean getBoolean(int field) {
        JfrField f = field(field);
        if (f.type.kind != JfrType.Kind.BOOLEAN) {
            throw new IllegalArgumentException(f + " is no boolean");
        }
        return numbers[field] != 0;
    }

    String getString(int field) {
        JfrField f = field(field);
        return chunk.pools().string(f, f.constantPool ? Long.valueOf(numbers[field]) : objects[field]);
    }

    /**
     * A timespan field in nanoseconds, as {@code getDuration(name).toNanos()}: 0 stays 0; {@code Long.MIN_VALUE}
     * and {@code Long.MAX_VALUE} are the durations jdk.jfr cannot turn into nanoseconds.
     */
    long getTimespan(int field) {
        JfrField f = field(field);
        long value = getLong(field);
        if (value == 0) {
            return 0;
        }
        if (value == Long.MIN_VALUE || value == Long.MAX_VALUE) {
            throw new IllegalArgumentException(f + " holds an unbounded duration");
        }
        if (f.timespanUnit == null) {
            throw new IllegalArgumentException(f + " has no @Timespan");
        }
        try {
            return switch (f.timespanUnit) {
                case "TICKS" -> time.timespan(value);
                case "NANOSECONDS" -> value;
                case "MICROSECONDS" -> 1000 * value;
                case "MILLISECONDS" -> Math.multiplyExact(value, 1_000_000L);
                case "SECONDS" -> Math.multiplyExact(value, 1_000_000_000L);
                default -> throw new IllegalArgumentException(f + " has timespan unit " + f.timespanUnit);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(f + " overflows", e);
        }
    }

    /** A long field of an inline struct field (such as {@code heapSpace.committedSize}). */
    long getNestedLong(int field, String name) {
        JfrField f = field(field);
        int inner = f.type.fieldIndex(name);
        if (inner < 0 || f.array || f.constantPool || !(objects[field] instanceof Object[] values)
                || !(values[inner] instanceof Long value)) {
            throw new IllegalArgumentException(f + " has no long " + name);
        }
        JfrField innerField = f.type.field(inner);
        return switch (innerField.type.name) {
            case "long" -> value;
            case "int" -> innerField.unsigned ? Integer.toUnsignedLong((int) (long) value) : (int) (long) value;
            default -> throw new IllegalArgumentException(innerField + " is no long");
        };
    }

    /** The Java spelling of a class field's name ({@code byte[]} for {@code [B}); "(unknown)" when it is absent. */
    String className(int field) {
        JfrField f = field(field);
        String name = chunk.className(f.type, numbers[field]);
        return name == null ? "(unknown)" : "[B".equals(name) ? "byte[]" : name;
    }

    String threadName(int field) {
        JfrField f = field(field);
        return chunk.threadName(f.type, numbers[field]);
    }

    Site site(int field) {
        JfrField f = field(field);
        return chunk.site(f.type, numbers[field]);
    }

    private JfrField field(int field) {
        checkField(field);
        return type.field(field);
    }

    private void checkField(int field) {
        if (field < 0) {
            throw new IllegalArgumentException(type.name + " lacks a field asked for");
        }
    }
}
