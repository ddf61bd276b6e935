package dev.spillway.reporter.cli;

/** Bad input from the person at the terminal: reported as one {@code error:} line and exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
