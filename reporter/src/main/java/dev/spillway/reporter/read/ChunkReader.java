package dev.spillway.reporter.read;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one chunk into observations. The chunk's events follow its header as a sequence of records (size, type id,
 * fields); the reporter's events are decoded where they lie, every other record is skipped by its size, and at each
 * flush checkpoint (and at the chunk's end) the segment's items are handed on with their end ticks, unsorted: the
 * receiving thread puts them in time order (see {@link SegmentOrder} for what an item is and why).
 *
 * <p>One instance serves one thread, chunk after chunk. State carried from chunk to chunk: the metadata (a chunk
 * whose metadata is byte for byte that of the chunk this reader read before reuses it and its decoders, which hold
 * per-thread scratch space). Every chunk's times are converted with the clock of the file's first chunk, given.
 */
final class ChunkReader {
    /**
     * Type ids below this index the decoders directly, since a lookup per event adds up: the JDK's own events have
     * ids in the low thousands; an event class's id is its class's, which can be larger.
     */
    private static final int DIRECT_IDS = 1 << 16;

    private final ObservationConverters converters;
    private final TimeConverter time;
    private final SegmentOrder segment = new SegmentOrder();
    private Metadata metadata;
    /** The decoders of type ids below {@link #DIRECT_IDS}, at their id, up to the largest such id of a decoder. */
    private EventDecoder[] decoders = new EventDecoder[0];
    /** The decoders of larger type ids. */
    private LongKeyMap<EventDecoder> farDecoders = new LongKeyMap<>();

    /** @param known metadata already read, which a chunk of the same metadata reuses; or null */
    ChunkReader(ObservationConverters converters, TimeConverter time, Metadata known) {
        this.converters = converters;
        this.time = time;
        if (known != null) {
            metadata = known;
            decoders(known);
        }
    }

    /**
     * @param events and {@code pools} are two cursors over the same chunk
     * @param segments receives each segment, unsorted
     */
    void read(ChunkInput events, ChunkInput pools, Consumer<SegmentOrder.Segment> segments) {
        ChunkHeader header = ChunkHeader.read(events);
        Metadata current = Metadata.read(events, header, metadata);
        if (current != metadata) {
            metadata = current;
            decoders(current);
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
                    dispatch(segments);
                }
            } else {
                EventDecoder decoder = typeId >= 0 && typeId < decoders.length ? decoders[(int) typeId]
                        : farDecoders.get(typeId);
                if (decoder != null) {
                    decoder.decodeInto(segment, events, chunk, time);
                }
            }
            position += size;
        }
        dispatch(segments);
    }

    private static boolean isFlush(ChunkInput events) {
        events.readVarLong();
        events.readVarLong();
        events.readVarLong();
        return (events.readByte() & 1) != 0;
    }

    private void dispatch(Consumer<SegmentOrder.Segment> segments) {
        if (segment.size() > 0) {
            segments.accept(segment.take());
        }
    }

    private void decoders(Metadata current) {
        List<EventDecoder> all = new ArrayList<>();
        long directIds = 0;
        for (JfrType type : current.types()) {
            EventConverter.Binder binder = type.isEvent() ? converters.binder(type.name) : null;
            if (binder != null) {
                all.add(new EventDecoder(type, binder, converters.inOrder(type.name)));
                if (type.id >= 0 && type.id < DIRECT_IDS) {
                    directIds = Math.max(directIds, type.id + 1);
                }
            }
        }
        decoders = new EventDecoder[(int) directIds];
        farDecoders = new LongKeyMap<>();
        for (EventDecoder decoder : all) {
            if (decoder.typeId() >= 0 && decoder.typeId() < directIds) {
                decoders[(int) decoder.typeId()] = decoder;
            } else {
                farDecoders.put(decoder.typeId(), decoder);
            }
        }
    }
}
