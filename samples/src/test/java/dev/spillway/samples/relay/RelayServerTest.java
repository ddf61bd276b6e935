package dev.spillway.samples.relay;

import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Operation;
import dev.spillway.samples.load.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayServerTest {

    private static final LoadSpec SMALL = new LoadSpec(24, 2, 42, 16 * 1024, 300 * 1024);

    private RelayWorkload workload;

    @AfterEach
    void close() {
        if (workload != null) {
            workload.close();
        }
    }

    private static long crcOf(Payloads payloads, long index, int size) {
        byte[] bytes = new byte[size];
        payloads.fill(index, 0, bytes, 0, size);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] bodyOf(int size, long index) {
        byte[] bytes = new byte[size];
        new Payloads(1).fill(index, 0, bytes, 0, size);
        return bytes;
    }

    @Nested
    @DisplayName("forwards uploads")
    class Uploads {

        @ParameterizedTest(name = "in {0} mode with every byte intact, as the upstream confirms")
        @EnumSource(BodyMode.class)
        void intact_to_the_upstream(BodyMode mode) throws IOException {
            workload = new RelayWorkload(SMALL, mode, 64 * 1024, 1 << 20);
            Payloads payloads = SMALL.payloads();
            for (int size : new int[] {0, 1, 65_535, 65_536, 200_001}) {
                Operation.Outcome outcome = workload.upload(size, size);
                assertEquals(size, outcome.bytes());
                assertEquals(crcOf(payloads, size, size), outcome.digest(), "CRC32C of " + size + " bytes");
            }
        }

        @Test
        void refuses_a_body_larger_than_it_will_buffer() throws IOException {
            workload = new RelayWorkload(SMALL, BodyMode.BUFFERED, 64 * 1024, 1 << 20);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), workload.relayPort())) {
                String request = "PUT /upload/big HTTP/1.1\r\nHost: relay\r\nContent-Length: " + (RelayServer.MAX_BODY + 1)
                        + "\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine);
            }
        }
    }

    @Nested
    @DisplayName("copies a body")
    class Copies {

        @ParameterizedTest(name = "of {0} bytes through {1}-byte chunks unchanged")
        @CsvSource({"0, 7", "1, 7", "100000, 7", "100000, 65536", "100000, 100000", "100000, 1000000"})
        void unchanged_in_streamed_mode(int size, int chunk) throws IOException {
            byte[] body = bodyOf(size, size);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long crc = RelayServer.relayStreamed(new ByteArrayInputStream(body), out, size, chunk);
            assertArrayEquals(body, out.toByteArray());
            CRC32C expected = new CRC32C();
            expected.update(body);
            assertEquals(expected.getValue(), crc);
        }

        @Test
        void unchanged_in_buffered_mode_even_when_the_input_trickles_in() throws IOException {
            byte[] body = bodyOf(70_001, 3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long crc = RelayServer.relayBuffered(trickle(body, 999), out, body.length);
            assertArrayEquals(body, out.toByteArray());
            CRC32C expected = new CRC32C();
            expected.update(body);
            assertEquals(expected.getValue(), crc);
        }

        @ParameterizedTest(name = "and refuses one shorter than declared in {0} mode")
        @EnumSource(BodyMode.class)
        void refuses_a_truncated_body(BodyMode mode) {
            byte[] body = bodyOf(1000, 4);
            OutputStream out = OutputStream.nullOutputStream();
            assertThrows(EOFException.class, () -> {
                switch (mode) {
                    case BUFFERED -> RelayServer.relayBuffered(new ByteArrayInputStream(body), out, 1001);
                    case STREAMED -> RelayServer.relayStreamed(new ByteArrayInputStream(body), out, 1001, 100);
                }
            });
        }

        private static InputStream trickle(byte[] body, int piece) {
            return new FilterInputStream(new ByteArrayInputStream(body)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, piece));
                }
            };
        }
    }

    @Nested
    @DisplayName("sizes body buffers")
    class BufferSizes {

        @ParameterizedTest(name = "for {0} bytes as {1}")
        @CsvSource({"0, 65536", "1, 65536", "65536, 65536", "65537, 131072", "262144, 262144", "5000000, 8388608",
                "8388608, 8388608", "67108864, 67108864"})
        void as_the_next_power_of_two_of_at_least_64_kib(int length, int buffer) {
            assertEquals(buffer, RelayServer.bufferSize(length));
        }
    }

    @Nested
    @DisplayName("serves downloads")
    class Downloads {

        @Test
        void with_the_upstream_object_s_bytes_and_keeps_them_in_its_cache() throws IOException {
            workload = new RelayWorkload(SMALL, BodyMode.BUFFERED, 64 * 1024, 4 << 20);
            Payloads payloads = SMALL.payloads();
            int size = workload.objectSize(3);
            long expected = crcOf(payloads, UpstreamServer.OBJECT_STREAM + 3, size);

            assertEquals(expected, workload.download(3, size).digest());
            assertEquals(size, workload.cachedBytes());
            assertEquals(expected, workload.download(3, size).digest(), "served again, from the cache");
        }

        @Test
        void within_the_cache_s_byte_bound() throws IOException {
            workload = new RelayWorkload(SMALL, BodyMode.BUFFERED, 64 * 1024, 400 * 1024);
            for (long object = 0; object < RelayWorkload.OBJECTS; object++) {
                workload.download(object, workload.objectSize(object));
                assertTrue(workload.cachedBytes() <= 400 * 1024, "cached " + workload.cachedBytes());
            }
        }
    }

    @Nested
    @DisplayName("a run's checksum")
    class Checksum {

        @Test
        void is_the_same_on_one_thread_and_on_four_and_in_both_modes() throws Exception {
            String single = run(new LoadSpec(SMALL.operations(), 1, SMALL.seed(), SMALL.minSize(), SMALL.maxSize()), BodyMode.BUFFERED);
            String four = run(new LoadSpec(SMALL.operations(), 4, SMALL.seed(), SMALL.minSize(), SMALL.maxSize()), BodyMode.BUFFERED);
            String streamed = run(new LoadSpec(SMALL.operations(), 3, SMALL.seed(), SMALL.minSize(), SMALL.maxSize()), BodyMode.STREAMED);
            assertEquals(single, four);
            assertEquals(single, streamed);
        }

        @Test
        void changes_with_the_seed() throws Exception {
            assertTrue(!run(SMALL, BodyMode.BUFFERED).equals(
                    run(new LoadSpec(SMALL.operations(), 2, SMALL.seed() + 1, SMALL.minSize(), SMALL.maxSize()), BodyMode.BUFFERED)));
        }

        private String run(LoadSpec spec, BodyMode mode) throws Exception {
            try (RelayWorkload relay = new RelayWorkload(spec, mode, 64 * 1024, 1 << 20)) {
                return relay.run().outputChecksum();
            }
        }
    }
}
