package dev.spillway.reporter.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the chunks of one file on reading threads, each thread a whole chunk at a time with a {@link ChunkReader}
 * of its own, and hands their segments to one receiving thread strictly in file order: every segment of chunk 1,
 * then of chunk 2, and so on. Chunks are self-contained (the first chunk's clock, the only thing shared, is given),
 * so the order of the result does not depend on which thread read what.
 *
 * <p>Memory stays bounded: a reading thread holds one chunk at a time (copied onto the heap when it is at most
 * {@code wholeChunkBytes}, else read a window at a time), and the segments read ahead of the chunk
 * being received hold at most {@code aheadBudget} items together (one segment more when they hold none), so a
 * thread that gets ahead waits. The chunk being received is bounded the same way on its own, and its reading
 * thread never waits for the others, so the receiver always makes progress.
 *
 * <p>What a reading thread throws ends that thread; it is rethrown to the receiver when the receiver reaches the
 * failed chunk, after the chunk's segments read before the failure. {@link #close} stops and joins every thread.
 */
final class ChunkPipeline implements AutoCloseable {
    /** The window of a chunk too large to hold, for its events, which are read from start to end. */
    static final int EVENT_WINDOW_BYTES = 1 << 20;
    /**
     * The window for its constant pools, which are indexed from start to end but then looked up anywhere. Neither
     * small nor large: r1g at {@code -Xmx64m} (every chunk windowed) took 5.4 s with 64 KiB, 5.6 s with 16 KiB,
     * 7.0 s with 256 KiB, since a look-up re-reads the window but the stack traces a segment uses lie near each other.
     */
    static final int POOL_WINDOW_BYTES = 64 << 10;

    /** Where each chunk lies in the file. */
    record Chunk(long position, long size) {
    }

    private final FileChannel channel;
    private final List<Chunk> chunks;
    private final ObservationConverters converters;
    private final TimeConverter time;
    private final Metadata known;
    private final long aheadBudget;
    private final long wholeChunkBytes;
    private final AtomicInteger nextToRead = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    /** Guarded by {@code this}: what each chunk (by index) has read and not yet handed on; null once received. */
    private final Received[] received;
    /** Guarded by {@code this}. */
    private int receiving;
    /** Guarded by {@code this}: the items held by segments of chunks after {@link #receiving}. */
    private long aheadItems;
    /** Guarded by {@code this}. */
    private boolean closed;

    /** A chunk's segments not yet received, and how its reading ended. */
    private static final class Received {
        final ArrayDeque<SegmentOrder.Segment> segments = new ArrayDeque<>();
        long items;
        boolean done;
        Throwable failure;
    }

    /** @param known metadata already read, which a chunk of the same metadata reuses; or null */
    ChunkPipeline(FileChannel channel, List<Chunk> chunks, ObservationConverters converters, TimeConverter time,
                  Metadata known, int threadCount, long aheadBudget, long wholeChunkBytes) {
        this.channel = channel;
        this.chunks = List.copyOf(chunks);
        this.converters = converters;
        this.time = time;
        this.known = known;
        this.aheadBudget = aheadBudget;
        this.wholeChunkBytes = Math.min(wholeChunkBytes, Integer.MAX_VALUE - 8);
        this.received = new Received[chunks.size()];
        for (int i = 0; i < received.length; i++) {
            received[i] = new Received();
        }
        for (int i = 0; i < Math.min(threadCount, chunks.size()); i++) {
            Thread thread = Thread.ofPlatform().daemon().name("spillway-reader-" + (i + 1)).unstarted(this::readChunks);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /**
     * The next segment of chunk {@code index} (0-based), waiting for it to be read; null when the chunk has no
     * more. Chunks must be asked for in order, each until it returns null.
     *
     * @throws ChunkFailure with what reading the chunk threw, once its segments read before are received
     */
    synchronized SegmentOrder.Segment next(int index) throws InterruptedException {
        if (index != receiving) {
            throw new IllegalStateException("chunk " + index + " asked for while receiving " + receiving);
        }
        Received chunk = received[index];
        while (chunk.segments.isEmpty() && !chunk.done) {
            wait();
        }
        SegmentOrder.Segment segment = chunk.segments.poll();
        if (segment != null) {
            chunk.items -= segment.items().length;
            notifyAll();
            return segment;
        }
        if (chunk.failure != null) {
            throw new ChunkFailure(chunk.failure);
        }
        received[index] = null;
        receiving++;
        if (receiving < received.length) {
            aheadItems -= received[receiving].items;
        }
        notifyAll();
        return null;
    }

    private void readChunks() {
        ChunkReader reader = new ChunkReader(converters, time, known);
        // One array for every chunk the thread reads: allocating and zeroing some 12 MB per chunk, and copying it
        // in young collections while it lives, cost more than the reading it saves.
        byte[] buffer = new byte[0];
        int index;
        while ((index = nextToRead.getAndIncrement()) < chunks.size()) {
            int current = index;
            Chunk chunk = chunks.get(index);
            try {
                if (chunk.size() <= wholeChunkBytes) {
                    int size = (int) chunk.size();
                    buffer = ChunkInput.read(channel, chunk.position(), size, buffer);
                    reader.read(ChunkInput.of(buffer, size), ChunkInput.of(buffer, size), segment -> put(current, segment));
                } else {
                    reader.read(ChunkInput.window(channel, chunk.position(), chunk.size(), EVENT_WINDOW_BYTES),
                            ChunkInput.window(channel, chunk.position(), chunk.size(), POOL_WINDOW_BYTES),
                            segment -> put(current, segment));
                }
                finish(index, null);
            } catch (Closed e) {
                return;
            } catch (UncheckedIOException e) {
                finish(index, e.getCause());
                return;
            } catch (IOException | RuntimeException | Error e) {
                finish(index, e);
                return;
            }
        }
    }

    private synchronized void put(int index, SegmentOrder.Segment segment) {
        Received chunk = received[index];
        int items = segment.items().length;
        while (!closed && mustWait(index, chunk, items)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Closed();
            }
        }
        if (closed) {
            throw new Closed();
        }
        chunk.segments.add(segment);
        chunk.items += items;
        if (index != receiving) {
            aheadItems += items;
        }
        notifyAll();
    }

    private boolean mustWait(int index, Received chunk, int items) {
        if (index == receiving) {
            return chunk.items > 0 && chunk.items + items > aheadBudget;
        }
        return aheadItems > 0 && aheadItems + items > aheadBudget;
    }

    private synchronized void finish(int index, Throwable failure) {
        if (received[index] != null) {
            received[index].done = true;
            received[index].failure = failure;
        }
        if (failure != null) {
            nextToRead.set(chunks.size());
        }
        notifyAll();
    }

    /** Stops the reading threads and waits until they have ended. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            nextToRead.set(chunks.size());
            notifyAll();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What reading a chunk threw, carried to the receiving thread. */
    static final class ChunkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChunkFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Unwinds a reading thread once the pipeline is closed. */
    private static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super(null, null, false, false);
        }
    }
}
