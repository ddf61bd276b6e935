package dev.spillway.reporter.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Reading JFR's encodings")
class ChunkInputTest {

    static ChunkInput input(byte[] bytes) {
        return new ChunkInput(MemorySegment.ofArray(bytes));
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
