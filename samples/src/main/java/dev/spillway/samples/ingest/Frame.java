package dev.spillway.samples.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The ingest wire format, big-endian: a {@value #HEADER_BYTES}-byte header {@code [int length]
 * [long id]}, {@code length} payload bytes, and a {@value #TRAILER_BYTES}-byte trailer {@code [int
 * crc32c]} of the payload. The checksum trails the payload so a producer can stream a message it
 * never holds whole. Acknowledgements are {@value #ACK_BYTES} bytes: {@code [long id][int crc32c]}
 * of what the storage node stored.
 *
 * @param length payload length in bytes
 * @param id the producer's message id
 */
public record Frame(int length, long id) {

    public static final int HEADER_BYTES = 12;
    public static final int TRAILER_BYTES = 4;
    public static final int ACK_BYTES = 12;
    /** Longer messages are a protocol error, so a corrupt length cannot make a reader allocate gigabytes. */
    public static final int MAX_LENGTH = 64 * 1024 * 1024;

    public Frame {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("frame length " + length + " outside 0.." + MAX_LENGTH);
        }
    }

    /** Writes the header into {@code scratch} (cleared first, at least {@value #HEADER_BYTES} bytes) and sends it. */
    public void writeHeader(WritableByteChannel out, ByteBuffer scratch) throws IOException {
        scratch.clear();
        scratch.putInt(length).putLong(id).flip();
        writeFully(out, scratch);
    }

    /**
     * Reads the next header, or returns null if the channel ends cleanly before one starts; a
     * channel that ends inside a header is an {@link EOFException}. Reads may deliver the header in
     * any number of pieces.
     */
    public static Frame readHeader(ReadableByteChannel in, ByteBuffer scratch) throws IOException {
        scratch.clear().limit(HEADER_BYTES);
        if (!readFully(in, scratch, true)) {
            return null;
        }
        int length = scratch.getInt(0);
        if (length < 0 || length > MAX_LENGTH) {
            throw new ProtocolException("frame length " + length + " outside 0.." + MAX_LENGTH);
        }
        return new Frame(length, scratch.getLong(4));
    }

    /** Reads a 4-byte big-endian int such as a trailer, in as many pieces as the channel delivers. */
    public static int readInt(ReadableByteChannel in, ByteBuffer scratch) throws IOException {
        scratch.clear().limit(Integer.BYTES);
        readFully(in, scratch, false);
        return scratch.getInt(0);
    }

    public static void writeInt(WritableByteChannel out, ByteBuffer scratch, int value) throws IOException {
        scratch.clear();
        scratch.putInt(value).flip();
        writeFully(out, scratch);
    }

    public static void writeAck(WritableByteChannel out, ByteBuffer scratch, long id, int crc) throws IOException {
        scratch.clear();
        scratch.putLong(id).putInt(crc).flip();
        writeFully(out, scratch);
    }

    /** Reads an acknowledgement and checks it is for {@code id}; returns the CRC32C it carries. */
    public static int readAck(ReadableByteChannel in, ByteBuffer scratch, long id) throws IOException {
        scratch.clear().limit(ACK_BYTES);
        readFully(in, scratch, false);
        long acked = scratch.getLong(0);
        if (acked != id) {
            throw new ProtocolException("acknowledgement for message " + acked + " while waiting for " + id);
        }
        return scratch.getInt(8);
    }

    /**
     * Fills {@code buffer}'s remaining space. Returns false only when {@code endAllowed} and the
     * channel ended before the first byte.
     */
    static boolean readFully(ReadableByteChannel in, ByteBuffer buffer, boolean endAllowed) throws IOException {
        boolean first = true;
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                if (first && endAllowed) {
                    return false;
                }
                throw new EOFException("channel ended with " + buffer.remaining() + " bytes of a frame missing");
            }
            first = first && buffer.position() == 0;
        }
        return true;
    }

    static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
