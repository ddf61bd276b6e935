package dev.spillway.agent.config;

/** An option whose value, or whose source, the agent cannot use; the message is fit for the user. */
public final class InvalidOptionException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidOptionException(String message) {
        super(message, null, false, false);
    }
}
