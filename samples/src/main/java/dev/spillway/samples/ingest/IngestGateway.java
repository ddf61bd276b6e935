package dev.spillway.samples.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/**
 * The ingest front end: reads length-prefixed messages from producers, verifies each one's CRC32C
 * trailer, forwards it to storage, and acknowledges a message to its producer only once storage
 * has acknowledged the same checksum.
 *
 * <p>Each message is read whole into a {@code ByteBuffer.allocate(length)} of its own, as services
 * that must validate a message before forwarding it do: with messages of 64 KiB – 4 MiB that is a
 * stream of large, short-lived arrays. The buffer never leaves {@link #ingest} and its
 * {@code array()} is never called, so the agent can give it off-heap memory instead.
 */
public final class IngestGateway extends ChannelServer {

    private final InetSocketAddress storage;

    IngestGateway(InetSocketAddress storage) throws IOException {
        super("ingest");
        this.storage = storage;
    }

    @Override
    void serve(SocketChannel producer) throws IOException {
        try (SocketChannel downstream = SocketChannel.open(storage)) {
            downstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer scratch = ByteBuffer.allocate(16);
            Frame frame;
            while ((frame = Frame.readHeader(producer, scratch)) != null) {
                int crc = ingest(frame, producer, downstream, scratch);
                int stored = Frame.readAck(downstream, scratch, frame.id());
                if (stored != crc) {
                    throw new ProtocolException("storage stored message " + frame.id() + " with a different checksum");
                }
                Frame.writeAck(producer, scratch, frame.id(), crc);
            }
        }
    }

    /**
     * Reads the payload and trailer of {@code frame} from {@code in}, checks the trailer, and
     * forwards the whole frame to {@code out}; returns the payload's CRC32C. A payload may arrive
     * in any number of reads.
     */
    static int ingest(Frame frame, ReadableByteChannel in, WritableByteChannel out, ByteBuffer scratch) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(frame.length());
        while (message.hasRemaining()) {
            if (in.read(message) < 0) {
                throw new EOFException("message " + frame.id() + " ended after " + message.position() + " of "
                        + frame.length() + " bytes");
            }
        }
        message.flip();
        CRC32C crc = new CRC32C();
        crc.update(message);
        int trailer = Frame.readInt(in, scratch);
        if (trailer != (int) crc.getValue()) {
            throw new ProtocolException("message " + frame.id() + " arrived corrupt: trailer does not match its payload");
        }
        frame.writeHeader(out, scratch);
        message.rewind();
        while (message.hasRemaining()) {
            out.write(message);
        }
        Frame.writeInt(out, scratch, trailer);
        return trailer;
    }
}
