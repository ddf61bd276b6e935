package dev.spillway.samples.ingest;

import dev.spillway.samples.load.Payloads;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.zip.CRC32C;

/**
 * One producer connection to the gateway. It streams each message from a generator through one
 * direct buffer and waits for the acknowledgement before the next, as a producer with one
 * message in flight does.
 */
final class Producer implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final SocketChannel channel;
    private final Payloads payloads;
    private final ByteBuffer scratch = ByteBuffer.allocate(16);
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);

    Producer(InetSocketAddress gateway, Payloads payloads) throws IOException {
        this.channel = SocketChannel.open(gateway);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.payloads = payloads;
    }

    /** Sends message {@code id} of {@code size} bytes; returns its CRC32C once storage acknowledged it. */
    int send(long id, int size) throws IOException {
        new Frame(size, id).writeHeader(channel, scratch);
        CRC32C crc = new CRC32C();
        for (long position = 0; position < size; position += CHUNK) {
            chunk.clear().limit((int) Math.min(CHUNK, size - position));
            payloads.fill(id, position, chunk);
            chunk.flip();
            crc.update(chunk.duplicate());
            Frame.writeFully(channel, chunk);
        }
        int sent = (int) crc.getValue();
        Frame.writeInt(channel, scratch, sent);
        int stored = Frame.readAck(channel, scratch, id);
        if (stored != sent) {
            throw new IOException("message " + id + " stored with CRC32C " + Integer.toHexString(stored)
                    + ", sent " + Integer.toHexString(sent));
        }
        return sent;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
