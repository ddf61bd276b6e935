package dev.spillway.reporter.read;

/**
 * Decodes the events of one type, in one chunk's layout, into an {@link EventView} and converts them. An event is a
 * size and a type id (read by {@link ChunkReader}), then its fields in metadata order, the first being the start
 * ticks and, for an event with a duration, the second its duration in ticks. Fields after the last one needed are
 * never read (the next event is found by size); those before it that are not needed are skipped.
 */
final class EventDecoder {
    private final JfrType type;
    private final boolean[] needed;
    private final int last;
    private final boolean hasDuration;
    private final EventConverter converter;
    private final EventView view;

    private final boolean inOrder;

    EventDecoder(JfrType type, EventConverter.Binder binder, boolean inOrder) {
        this.type = type;
        this.inOrder = inOrder;
        EventConverter.Fields fields = new EventConverter.Fields(type);
        this.converter = binder.bind(fields);
        this.needed = fields.needed();
        this.hasDuration = type.fieldIndex("duration") == 1;
        int lastNeeded = -1;
        for (int i = 0; i < needed.length; i++) {
            if (needed[i]) {
                lastNeeded = i;
            }
        }
        this.last = lastNeeded;
        this.view = new EventView(type);
    }

    /** Whether converting these events depends on the ones before, so that they are converted in time order. */
    boolean inOrder() {
        return inOrder;
    }

    /**
     * Adds the event whose start ticks are next in {@code input} (its record starting at {@code position}) to the
     * segment: converted now, or, for an {@link #inOrder()} type, as its position to convert when its turn comes.
     */
    void decodeInto(SegmentOrder segment, ChunkInput input, ChunkObjects chunk, TimeConverter time, long position) {
        if (inOrder) {
            long startTicks = input.readVarLong();
            segment.add(hasDuration ? startTicks + input.readVarLong() : startTicks, position);
            return;
        }
        Observation observation = decode(input, chunk, time);
        if (observation != null) {
            segment.add(view.endTicks, observation);
        }
    }

    /** Decodes the fields of the event whose start ticks are next in {@code input}, then converts it. */
    Observation decode(ChunkInput input, ChunkObjects chunk, TimeConverter time) {
        EventView e = view;
        e.bind(chunk, time);
        e.startTicks = input.readVarLong();
        e.endTicks = e.startTicks;
        int first = 1;
        if (hasDuration) {
            e.endTicks += input.readVarLong();
            first = 2;
        }
        for (int i = first; i <= last; i++) {
            JfrField f = type.field(i);
            if (!needed[i]) {
                Values.skip(input, f);
            } else if (f.constantPool && !f.array) {
                e.numbers[i] = input.readVarLong();
            } else if (f.array) {
                e.objects[i] = Values.read(input, f, chunk.pools());
            } else {
                switch (f.type.kind) {
                    case VARINT -> e.numbers[i] = input.readVarLong();
                    case BOOLEAN, BYTE -> e.numbers[i] = input.readByte();
                    case FLOAT -> e.numbers[i] = Float.floatToRawIntBits(input.readFloat());
                    case DOUBLE -> e.numbers[i] = Double.doubleToRawLongBits(input.readDouble());
                    case STRING, STRUCT -> e.objects[i] = Values.read(input, f, chunk.pools());
                }
            }
        }
        try {
            return converter.convert(e);
        } catch (IllegalArgumentException dropped) {
            return null;
        }
    }
}
