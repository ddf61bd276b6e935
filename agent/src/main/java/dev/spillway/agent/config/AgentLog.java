package dev.spillway.agent.config;

import java.io.PrintStream;

/**
 * The agent's messages on standard error, one line each, prefixed {@code spillway:} so that they stand out
 * in the application's output.
 */
public final class AgentLog {
    private final LogLevel level;
    private final PrintStream out;

    /**
     * @param level messages above this level are dropped
     * @param out where lines go, normally {@code System.err}
     */
    public AgentLog(LogLevel level, PrintStream out) {
        this.level = level;
        this.out = out;
    }

    /** Whether {@code messageLevel} messages are printed. */
    public boolean enabled(LogLevel messageLevel) {
        return level.includes(messageLevel);
    }

    /** Prints {@code message} if the level includes error. */
    public void error(String message) {
        print(LogLevel.ERROR, message);
    }

    /** Prints {@code message} if the level includes warn. */
    public void warn(String message) {
        print(LogLevel.WARN, message);
    }

    /** Prints {@code message} if the level includes info. */
    public void info(String message) {
        print(LogLevel.INFO, message);
    }

    /** Prints {@code message} if the level includes debug. */
    public void debug(String message) {
        print(LogLevel.DEBUG, message);
    }

    private void print(LogLevel messageLevel, String message) {
        if (level.includes(messageLevel)) {
            out.println("spillway: " + (messageLevel == LogLevel.INFO ? "" : messageLevel.token() + ": ") + message);
        }
    }
}
