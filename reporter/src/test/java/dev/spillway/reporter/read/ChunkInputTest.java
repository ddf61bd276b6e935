package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Reading JFR's encodings")
class ChunkInputTest {

    static ChunkInput input(byte[] bytes) {
        return ChunkInput.of(bytes);
    }

    /** JFR's varint: seven bits a byte, least significant first, the ninth byte carrying a full eight bits. */
    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            if ((value & ~0x7FL) == 0) {
                out.write((int) value);
                return out.toByteArray();
            }
            out.write((int) (value & 0x7F | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    @Nested
    @DisplayName("varints")
    class Varints {
        @ParameterizedTest(name = "{0} reads back as itself")
        @ValueSource(longs = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, -1, Long.MIN_VALUE, Long.MAX_VALUE,
                1L << 56, (1L << 56) - 1, 0x0123_4567_89AB_CDEFL})
        void readBackAsWritten(long value) {
            byte[] bytes = varint(value);
            // Both the fast path (nine bytes available) and the one near the chunk's end.
            byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 9);
            for (byte[] candidate : new byte[][] {bytes, padded}) {
                ChunkInput in = input(candidate);
                assertEquals(value, in.readVarLong());
                assertEquals(bytes.length, in.position());
                ChunkInput skipping = input(candidate);
                skipping.skipVarLong();
                assertEquals(bytes.length, skipping.position());
            }
        }

        /**
         * Every length from one to nine bytes, followed by bytes whose high bits are set (which a word read takes
         * in too), and in the padded form JFR writes some sizes in (continuation bytes carrying zeros).
         */
        @Test
        void everyLengthReadsBackWhateverFollows() {
            java.util.Random random = new java.util.Random(11);
            for (int trial = 0; trial < 20_000; trial++) {
                int bitsUsed = 1 + random.nextInt(64);
                long value = random.nextLong() >>> (64 - bitsUsed);
                byte[] encoded = varint(value);
                if (trial % 3 == 0 && encoded.length < 8) {
                    encoded = padded(value, encoded.length + 1 + random.nextInt(8 - encoded.length));
                }
                byte[] bytes = java.util.Arrays.copyOf(encoded, encoded.length + random.nextInt(12));
                for (int i = encoded.length; i < bytes.length; i++) {
                    bytes[i] = (byte) (0x80 | random.nextInt(256));
                }
                ChunkInput in = input(bytes);
                assertEquals(value, in.readVarLong(), "trial " + trial);
                assertEquals(encoded.length, in.position(), "trial " + trial);
                ChunkInput skipping = input(bytes);
                skipping.skipVarLong();
                assertEquals(encoded.length, skipping.position(), "trial " + trial);
            }
        }

        /** {@code value} in {@code length} bytes, more than it needs, as JFR pads an event's size. */
        private static byte[] padded(long value, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (value & 0x7F | (i < length - 1 ? 0x80 : 0));
                value >>>= 7;
            }
            return bytes;
        }

        /** Many at once as one at a time, nine-byte varints (last byte with or without its high bit) among them. */
        @Test
        void skipManyAtOnceAsOneAtATime() {
            java.util.Random random = new java.util.Random(7);
            for (int trial = 0; trial < 2_000; trial++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int count = 1 + random.nextInt(40);
                for (int i = 0; i < count; i++) {
                    long value = switch (random.nextInt(5)) {
                        case 0 -> random.nextInt(128);
                        case 1 -> random.nextInt(1 << 21);
                        case 2 -> random.nextLong() >>> random.nextInt(64);
                        case 3 -> -1L - random.nextInt(1000);
                        default -> (1L << 56) | random.nextLong() >>> 8;
                    };
                    out.writeBytes(varint(value));
                }
                byte[] bytes = out.toByteArray();
                int skipped = random.nextInt(count + 1);
                ChunkInput expected = input(bytes);
                for (int i = 0; i < skipped; i++) {
                    expected.skipVarLong();
                }
                ChunkInput actual = input(bytes);
                actual.skipVarLongs(skipped);
                assertEquals(expected.position(), actual.position(), "trial " + trial);
            }
        }

        @Test
        void skipManyNoFurtherThanTheEnd() {
            byte[] two = {1, 2};
            assertThrows(ChunkFormatException.class, () -> input(two).skipVarLongs(3));
        }

        @Test
        void takeTheirLowBitsAsAnInt() {
            assertEquals(-1, input(varint(0xFFFF_FFFFL)).readVarInt());
        }

        @Test
        void thatRunPastTheEndAreRefused() {
            ChunkInput in = input(new byte[] {(byte) 0x80, (byte) 0x80});
            ChunkFormatException e = assertThrows(ChunkFormatException.class, in::readVarLong);
            assertEquals(true, e.getMessage().contains("runs past the end"), e.getMessage());
            assertThrows(ChunkFormatException.class, input(new byte[] {(byte) 0x80})::skipVarLong);
        }
    }

    @Nested
    @DisplayName("bounds")
    class Bounds {
        @Test
        void aCountLargerThanTheRestIsRefused() {
            ChunkInput in = input(concat(varint(1_000_000), new byte[10]));
            assertThrows(ChunkFormatException.class, () -> in.readCount(1));
        }

        @Test
        void aNegativeCountIsRefused() {
            assertThrows(ChunkFormatException.class, () -> input(varint(-5)).readCount(1));
        }

        @Test
        void positionsOutsideTheChunkAreRefused() {
            ChunkInput in = input(new byte[4]);
            assertThrows(ChunkFormatException.class, () -> in.position(5));
            assertThrows(ChunkFormatException.class, () -> in.position(-1));
            in.position(4);
            assertThrows(ChunkFormatException.class, in::readByte);
            assertThrows(ChunkFormatException.class, () -> in.skip(1));
            assertThrows(ChunkFormatException.class, () -> in.rawLong(0));
        }

        @Test
        void fixedWidthFieldsAreBigEndian() {
            ChunkInput in = input(new byte[] {0x3F, (byte) 0x80, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
            assertEquals(1.0f, in.readFloat());
            assertEquals(0x0102030405060708L, in.rawLong(4));
            assertEquals(0x0102, in.rawUnsignedShort(4));
        }
    }

    @Nested
    @DisplayName("a chunk read a window at a time")
    class Windows {
        /**
         * The same random walk through the same bytes, on a cursor over the whole array and on cursors whose
         * windows hold 16 to 80 bytes of a file in which the chunk starts at byte 37: every value, position and
         * refusal is the same.
         */
        @Test
        void readsWhatTheWholeChunkReads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            java.util.Random random = new java.util.Random(23);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (out.size() < 4_000) {
                switch (random.nextInt(3)) {
                    case 0 -> out.writeBytes(varint(random.nextLong() >>> random.nextInt(64)));
                    case 1 -> out.writeBytes(varint(random.nextInt(300)));
                    default -> out.write(random.nextInt(256));
                }
            }
            byte[] chunk = out.toByteArray();
            java.nio.file.Path file = dir.resolve("chunk.bin");
            java.nio.file.Files.write(file, concat(new byte[37], chunk, new byte[11]));
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                for (int window : new int[] {16, 17, 31, 80}) {
                    ChunkInput whole = ChunkInput.of(chunk);
                    ChunkInput windowed = ChunkInput.window(channel, 37, chunk.length, window);
                    assertEquals(whole.limit(), windowed.limit());
                    for (int step = 0; step < 20_000; step++) {
                        int operation = random.nextInt(12);
                        long at = random.nextInt(chunk.length + 1);
                        int length = random.nextInt(40);
                        String context = "window " + window + ", step " + step + ", operation " + operation;
                        assertEquals(outcome(whole, operation, at, length), outcome(windowed, operation, at, length), context);
                        assertEquals(whole.position(), windowed.position(), context);
                        if (whole.position() > chunk.length - 2 || random.nextInt(50) == 0) {
                            long to = random.nextInt(chunk.length);
                            whole.position(to);
                            windowed.position(to);
                        }
                    }
                }
            }
        }

        /** What one operation read, or the exception it threw, as a comparable value. */
        private static Object outcome(ChunkInput in, int operation, long at, int length) {
            try {
                return switch (operation) {
                    case 0, 1, 2 -> in.readVarLong();
                    case 3 -> {
                        in.skipVarLong();
                        yield "skipped";
                    }
                    case 4 -> {
                        in.skipVarLongs(length);
                        yield "skipped " + length;
                    }
                    case 5 -> in.readByte();
                    case 6 -> in.readDouble();
                    case 7 -> in.readLatin1(length);
                    case 8 -> in.rawLong(at);
                    case 9 -> java.util.Arrays.toString(in.bytesAt(at, Math.min(in.limit(), at + length)));
                    case 10 -> {
                        in.skip(length);
                        yield "skipped bytes";
                    }
                    default -> in.readFloat();
                };
            } catch (ChunkFormatException e) {
                return e.getMessage();
            }
        }
    }

    @Nested
    @DisplayName("strings")
    class Strings {
        @Test
        void nullAndEmptyHaveTheirOwnEncodings() {
            assertEquals(null, JfrStrings.read(input(new byte[] {0}), null));
            assertEquals("", JfrStrings.read(input(new byte[] {1}), null));
        }

        @Test
        void utf8Latin1AndCharArraysDecode() {
            byte[] utf8 = "größe→".getBytes(StandardCharsets.UTF_8);
            assertEquals("größe→", JfrStrings.read(input(concat(new byte[] {3}, varint(utf8.length), utf8)), null));
            byte[] latin1 = "größe".getBytes(StandardCharsets.ISO_8859_1);
            assertEquals("größe", JfrStrings.read(input(concat(new byte[] {5}, varint(latin1.length), latin1)), null));
            assertEquals("a→", JfrStrings.read(input(concat(new byte[] {4}, varint(2), varint('a'), varint('→'))), null));
        }

        @Test
        void aConstantPoolReferenceAsksThePool() {
            assertEquals("key 300", JfrStrings.read(input(concat(new byte[] {2}, varint(300))), key -> "key " + key));
            assertThrows(ChunkFormatException.class, () -> JfrStrings.read(input(concat(new byte[] {2}, varint(1))), null));
        }

        @Test
        void skippingLandsWhereReadingDoes() {
            byte[] encoded = concat(new byte[] {4}, varint(2), varint('a'), varint('→'), new byte[] {3}, varint(1), new byte[] {'x'});
            ChunkInput in = input(encoded);
            JfrStrings.skip(in);
            assertEquals("x", JfrStrings.read(in, null));
        }

        @ParameterizedTest(name = "encoding {0} with a length past the end is refused")
        @ValueSource(bytes = {3, 4, 5})
        void truncatedStringsAreRefused(byte encoding) {
            ChunkInput in = input(concat(new byte[] {encoding}, varint(50), new byte[] {'a', 'b'}));
            assertThrows(ChunkFormatException.class, () -> JfrStrings.read(in, null));
        }

        @Test
        void anUnknownEncodingIsRefused() {
            assertThrows(ChunkFormatException.class, () -> JfrStrings.read(input(new byte[] {9}), null));
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
