package dev.spillway.reporter.read;

import java.util.function.Consumer;

/**
 * Reads one chunk into observations. The chunk's events follow its header as a sequence of records (size, type id,
 * fields); the reporter's events are decoded where they lie, every other record is skipped by its size, and at each
 * flush checkpoint (and at the chunk's end) the segment's observations are handed on in time order.
 *
 * <p>State carried from chunk to chunk: the metadata (a chunk whose metadata is byte for byte the previous one's
 * reuses it and its decoders) and the time converter of the file's first chunk.
 */
final class ChunkReader {
    private final ObservationConverters converters;
    private final Consumer<Observation> sink;
    private final SegmentOrder segment = new SegmentOrder();
    private Metadata metadata;
    private LongKeyMap<EventDecoder> decoders = new LongKeyMap<>();
    private TimeConverter time;

    ChunkReader(ObservationConverters converters, Consumer<Observation> sink) {
        this.converters = converters;
        this.sink = sink;
    }

    /** @param events and {@code pools} are two cursors over the same chunk */
    void read(ChunkInput events, ChunkInput pools) {
        ChunkHeader header = ChunkHeader.read(events);
        if (time == null) {
            time = TimeConverter.of(header);
        }
        Metadata current = Metadata.read(events, header, metadata);
        if (current != metadata) {
            metadata = current;
            decoders = decoders(current);
        }
        ChunkObjects chunk = new ChunkObjects(ConstantPools.index(pools, header, current));
        segment.clear();
        long position = ChunkHeader.BYTES;
        long end = header.size();
        while (position < end) {
            events.position(position);
            long size = events.readVarLong();
            if (size <= 0 || size > end - position) {
                throw new ChunkFormatException("a record at byte " + position + " declares " + size + " bytes");
            }
            long typeId = events.readVarLong();
            if (typeId == ConstantPools.CHECKPOINT_TYPE_ID) {
                if (isFlush(events)) {
                    dispatch(events, chunk);
                }
            } else {
                EventDecoder decoder = decoders.get(typeId);
                if (decoder != null) {
                    decoder.decodeInto(segment, events, chunk, time, position);
                }
            }
            position += size;
        }
        dispatch(events, chunk);
    }

    private static boolean isFlush(ChunkInput events) {
        events.readVarLong();
        events.readVarLong();
        events.readVarLong();
        return (events.readByte() & 1) != 0;
    }

    private void dispatch(ChunkInput events, ChunkObjects chunk) {
        segment.sort();
        for (int i = 0; i < segment.size(); i++) {
            Object item = segment.item(i);
            Observation observation;
            if (item instanceof Observation decoded) {
                observation = decoded;
            } else {
                events.position((Long) item);
                events.readVarLong();
                observation = decoders.get(events.readVarLong()).decode(events, chunk, time);
            }
            if (observation != null) {
                sink.accept(observation);
            }
        }
        segment.clear();
    }

    private LongKeyMap<EventDecoder> decoders(Metadata current) {
        LongKeyMap<EventDecoder> byType = new LongKeyMap<>();
        for (JfrType type : current.types()) {
            EventConverter.Binder binder = type.isEvent() ? converters.binder(type.name) : null;
            if (binder != null) {
                byType.put(type.id, new EventDecoder(type, binder, converters.inOrder(type.name)));
            }
        }
        return byType;
    }
}
