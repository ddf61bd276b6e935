package dev.spillway.samples.ingest;

import dev.spillway.samples.load.Payloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameTest {

    private final ByteBuffer scratch = ByteBuffer.allocate(16);

    /** A frame as a producer sends it: header, payload, CRC32C trailer. */
    private static byte[] frame(long id, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(Frame.HEADER_BYTES + payload.length + Frame.TRAILER_BYTES)
                .putInt(payload.length).putLong(id).put(payload).putInt((int) crc.getValue()).array();
    }

    private static byte[] payload(long id, int size) {
        byte[] bytes = new byte[size];
        new Payloads(8).fill(id, 0, bytes, 0, size);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A channel that hands out at most {@code piece} bytes per read, as a socket under load does. */
    private static ReadableByteChannel trickling(byte[] bytes, int piece) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        return new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) {
                if (!source.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(piece, Math.min(dst.remaining(), source.remaining()));
                dst.put(source.slice(source.position(), n));
                source.position(source.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    @Nested
    @DisplayName("the gateway parses and forwards frames")
    class Parsing {

        @ParameterizedTest(name = "intact when the channel delivers {0} bytes per read")
        @ValueSource(ints = {1, 3, 11, 12, 13, 4096, Integer.MAX_VALUE})
        void intact_however_the_bytes_are_split_across_reads(int piece) throws IOException {
            byte[] first = frame(7, payload(7, 70_000));
            byte[] empty = frame(8, new byte[0]);
            byte[] third = frame(Long.MAX_VALUE, payload(9, 5));
            ReadableByteChannel in = trickling(concat(first, empty, third), piece);
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            WritableByteChannel out = Channels.newChannel(forwarded);

            Frame header = Frame.readHeader(in, scratch);
            assertEquals(new Frame(70_000, 7), header);
            IngestGateway.ingest(header, in, out, scratch);
            assertEquals(new Frame(0, 8), Frame.readHeader(in, scratch));
            IngestGateway.ingest(new Frame(0, 8), in, out, scratch);
            assertEquals(new Frame(5, Long.MAX_VALUE), Frame.readHeader(in, scratch));
            IngestGateway.ingest(new Frame(5, Long.MAX_VALUE), in, out, scratch);
            assertNull(Frame.readHeader(in, scratch), "a clean end between frames");

            assertArrayEquals(concat(first, empty, third), forwarded.toByteArray());
        }

        @Test
        void returning_the_payload_s_crc32c() throws IOException {
            byte[] payload = payload(1, 1234);
            ReadableByteChannel in = trickling(frame(1, payload), 100);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            int returned = IngestGateway.ingest(Frame.readHeader(in, scratch), in, Channels.newChannel(OutputStream.nullOutputStream()), scratch);
            assertEquals((int) crc.getValue(), returned);
        }
    }

    @Nested
    @DisplayName("the gateway refuses")
    class Refusals {

        @Test
        void a_payload_whose_trailer_does_not_match() throws IOException {
            byte[] corrupt = frame(2, payload(2, 1000));
            corrupt[Frame.HEADER_BYTES + 500] ^= 0x40;
            ReadableByteChannel in = trickling(corrupt, 64);
            Frame header = Frame.readHeader(in, scratch);
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            assertThrows(ProtocolException.class, () -> IngestGateway.ingest(header, in, Channels.newChannel(forwarded), scratch));
            assertEquals(0, forwarded.size(), "nothing of a corrupt message is forwarded");
        }

        @Test
        void a_payload_cut_short() throws IOException {
            byte[] whole = frame(3, payload(3, 1000));
            ReadableByteChannel in = trickling(Arrays.copyOf(whole, Frame.HEADER_BYTES + 600), 64);
            Frame header = Frame.readHeader(in, scratch);
            assertThrows(EOFException.class, () -> IngestGateway.ingest(header, in, Channels.newChannel(OutputStream.nullOutputStream()), scratch));
        }

        @Test
        void a_header_cut_short() {
            byte[] whole = frame(4, payload(4, 10));
            assertThrows(EOFException.class, () -> Frame.readHeader(trickling(Arrays.copyOf(whole, 5), 2), scratch));
        }

        @ParameterizedTest(name = "a declared length of {0}")
        @ValueSource(ints = {-1, Frame.MAX_LENGTH + 1, Integer.MIN_VALUE})
        void a_length_it_would_not_allocate(int length) {
            byte[] header = ByteBuffer.allocate(Frame.HEADER_BYTES).putInt(length).putLong(5).array();
            assertThrows(ProtocolException.class, () -> Frame.readHeader(trickling(header, 3), scratch));
        }
    }
}
