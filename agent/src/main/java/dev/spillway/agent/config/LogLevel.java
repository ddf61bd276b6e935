package dev.spillway.agent.config;

import java.util.Locale;

/** How much the agent prints on standard error; each level includes the ones before it. */
public enum LogLevel {
    OFF, ERROR, WARN, INFO, DEBUG;

    /** Whether a message of {@code level} is printed when this is the configured level. */
    public boolean includes(LogLevel level) {
        return level != OFF && level.ordinal() <= ordinal();
    }

    /** The option value, as written in {@code log=...}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
