package dev.spillway.reporter.read;

import java.io.IOException;

/** The file is not a JFR recording the reporter can read: missing, empty, foreign, truncated or damaged. */
public final class UnreadableRecordingException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableRecordingException(String message) {
        super(message);
    }

    public UnreadableRecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
