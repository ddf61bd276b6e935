package dev.spillway.allocator.backing;

/** A backing was asked for that cannot work on this machine; the message says why and how to fix it. */
public final class BackingUnavailableException extends RuntimeException {

    BackingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
