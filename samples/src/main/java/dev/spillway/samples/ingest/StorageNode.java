package dev.spillway.samples.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;

/**
 * Where the gateway forwards messages: a stand-in for a storage replica that checks each frame's
 * trailer and acknowledges with the CRC32C of what it stored. It streams through one direct
 * buffer per connection, as a node writing to disk would, so it adds no per-message garbage.
 */
final class StorageNode extends ChannelServer {

    private static final int CHUNK = 64 * 1024;

    private final LongAdder storedBytes = new LongAdder();

    StorageNode() throws IOException {
        super("storage");
    }

    @Override
    void serve(SocketChannel gateway) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(16);
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        Frame frame;
        while ((frame = Frame.readHeader(gateway, scratch)) != null) {
            CRC32C crc = new CRC32C();
            long remaining = frame.length();
            while (remaining > 0) {
                chunk.clear().limit((int) Math.min(CHUNK, remaining));
                Frame.readFully(gateway, chunk, false);
                chunk.flip();
                remaining -= chunk.remaining();
                crc.update(chunk);
            }
            int trailer = Frame.readInt(gateway, scratch);
            if (trailer != (int) crc.getValue()) {
                throw new ProtocolException("message " + frame.id() + " arrived corrupt at storage");
            }
            storedBytes.add(frame.length());
            Frame.writeAck(gateway, scratch, frame.id(), trailer);
        }
    }

    long storedBytes() {
        return storedBytes.sum();
    }
}
