package dev.spillway.reporter.read;

/**
 * Decodes the events of one type, in one chunk's layout, into an {@link EventView} and converts them. An event is a
 * size and a type id (read by {@link ChunkReader}), then its fields in metadata order, the first being the start
 * ticks and, for an event with a duration, the second its duration in ticks. Fields after the last one needed are
 * never read (the next event is found by size); those before it that are not needed are skipped.
 */
final class EventDecoder {
    private static final byte SKIP = 0;
    private static final byte SKIP_VARINT = 1;
    private static final byte VARINT = 2;
    private static final byte BYTE = 3;
    private static final byte FLOAT = 4;
    private static final byte DOUBLE = 5;
    private static final byte OBJECT = 6;

    private final JfrType type;
    /** What to do with each field, worked out once so that the loop over an event's fields looks at one array. */
    private final byte[] actions;
    private final int last;
    private final boolean hasDuration;
    private final EventConverter converter;
    private final EventView view;
    /** Whether converting these events depends on the ones before, so that it waits for the event's turn. */
    private final boolean inOrder;

    EventDecoder(JfrType type, EventConverter.Binder binder, boolean inOrder) {
        this.type = type;
        this.inOrder = inOrder;
        EventConverter.Fields fields = new EventConverter.Fields(type);
        this.converter = binder.bind(fields);
        boolean[] needed = fields.needed();
        this.hasDuration = type.fieldIndex("duration") == 1;
        this.actions = new byte[needed.length];
        int lastNeeded = -1;
        for (int i = 0; i < needed.length; i++) {
            actions[i] = action(type.field(i), needed[i]);
            if (needed[i]) {
                lastNeeded = i;
            }
        }
        this.last = lastNeeded;
        this.view = new EventView(type);
    }

    long typeId() {
        return type.id;
    }

    private static byte action(JfrField f, boolean needed) {
        boolean varint = !f.array && (f.constantPool || f.type.kind == JfrType.Kind.VARINT);
        if (!needed) {
            return varint ? SKIP_VARINT : SKIP;
        }
        if (varint) {
            return VARINT;
        }
        if (f.array) {
            return OBJECT;
        }
        return switch (f.type.kind) {
            case BOOLEAN, BYTE -> BYTE;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case VARINT, STRING, STRUCT -> OBJECT;
        };
    }

    /**
     * Adds the event whose start ticks are next in {@code input} to the segment: converted now, or, for a type whose
     * conversion depends on the events before, decoded into a view of its own to convert when its turn comes.
     *
     * <p>{@code ./spillway} keeps this method from being inlined into {@link ChunkReader#read} (a {@code
     * CompileCommand}; a test holds the script to this name): the loop then compiles small and once.
     */
    void decodeInto(SegmentOrder segment, ChunkInput input, ChunkObjects chunk, TimeConverter time) {
        decodeFields(input, chunk, time);
        if (inOrder) {
            segment.add(view.endTicks, new Deferred(converter, view.copy()));
            return;
        }
        Observation observation = convert(converter, view);
        if (observation != null) {
            segment.add(view.endTicks, observation);
        }
    }

    /**
     * An event decoded on a reading thread whose conversion waits for its turn on the thread that receives the
     * observations. Its view is its own and its converter reads only the event's fields, so that the reading
     * thread can go on with the chunk meanwhile.
     */
    record Deferred(EventConverter converter, EventView view) {
        /** The observation, or null when the event says nothing the reporter uses. */
        Observation convert() {
            return EventDecoder.convert(converter, view);
        }
    }

    private static Observation convert(EventConverter converter, EventView view) {
        try {
            return converter.convert(view);
        } catch (IllegalArgumentException dropped) {
            return null;
        }
    }

    private void decodeFields(ChunkInput input, ChunkObjects chunk, TimeConverter time) {
        EventView e = view;
        e.bind(chunk, time);
        e.startTicks = input.readVarLong();
        e.endTicks = e.startTicks;
        int first = 1;
        if (hasDuration) {
            e.endTicks += input.readVarLong();
            first = 2;
        }
        long[] numbers = e.numbers;
        for (int i = first; i <= last; i++) {
            switch (actions[i]) {
                case SKIP_VARINT -> input.skipVarLong();
                case VARINT -> numbers[i] = input.readVarLong();
                case BYTE -> numbers[i] = input.readByte();
                case FLOAT -> numbers[i] = Float.floatToRawIntBits(input.readFloat());
                case DOUBLE -> numbers[i] = Double.doubleToRawLongBits(input.readDouble());
                case OBJECT -> e.objects[i] = Values.read(input, type.field(i), chunk.pools());
                default -> Values.skip(input, type.field(i));
            }
        }
    }
}
