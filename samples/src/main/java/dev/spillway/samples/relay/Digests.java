package dev.spillway.samples.relay;

import java.util.HexFormat;

/** How the relay's parties write a CRC32C in the {@value #HEADER} header. */
final class Digests {

    /** CRC32C of the body a party received or sent, as 8 lower-case hex digits. */
    static final String HEADER = "X-Content-CRC32C";

    private Digests() {
    }

    static String format(long crc) {
        return HexFormat.of().toHexDigits((int) crc);
    }

    static long parse(String header, String from) {
        if (header == null || header.length() != 8) {
            throw new IllegalStateException(from + " sent no valid " + HEADER + " header: " + header);
        }
        return Integer.toUnsignedLong(HexFormat.fromHexDigits(header));
    }
}
