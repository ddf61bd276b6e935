package dev.spillway.agent.sites;

import java.util.Locale;

/** Why a site got its verdict; {@link #token()} is the {@code reason} value of docs/EVENTS.md. */
public enum Reason {
    PROVABLY_LOCAL,
    ESCAPES_RETURN,
    ESCAPES_FIELD,
    ESCAPES_ARRAY,
    ESCAPES_CALL,
    ESCAPES_LAMBDA,
    ESCAPES_THROW,
    ESCAPES_MONITOR,
    LOOP_CARRIED,
    ARRAY_ACCESSED,
    ESCAPE_OBSERVED,
    ANALYSIS_LIMIT,
    ANALYSIS_ERROR;

    /** The machine token, e.g. {@code escapes-field}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
