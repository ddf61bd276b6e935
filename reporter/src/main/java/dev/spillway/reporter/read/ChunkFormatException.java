package dev.spillway.reporter.read;

/**
 * A chunk's bytes contradict the JFR format: a read past the chunk's end, a size or count that cannot be right, a
 * type the metadata does not declare. Unchecked so that the parser's inner loops stay plain; {@link RecordingReader}
 * turns it into an {@link UnreadableRecordingException} that names the file.
 */
final class ChunkFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkFormatException(String message) {
        super(message, null, false, false);
    }
}
