package dev.spillway.samples.ingest;

import java.io.IOException;

/** A peer broke the ingest wire format; the connection cannot continue. */
public final class ProtocolException extends IOException {

    public ProtocolException(String message) {
        super(message);
    }
}
