package dev.spillway.agent.analysis;

/**
 * Why a site stays a plain allocation. Declaration order is precedence: when a site has several
 * reasons, its verdict names the first of them in this order.
 */
public enum KeepReason {
    ANALYSIS_ERROR("analysis-error"),
    ANALYSIS_LIMIT("analysis-limit"),
    ESCAPES_RETURN("escapes-return"),
    ESCAPES_FIELD("escapes-field"),
    ESCAPES_ARRAY("escapes-array"),
    ESCAPES_CALL("escapes-call"),
    ESCAPES_LAMBDA("escapes-lambda"),
    ESCAPES_THROW("escapes-throw"),
    ESCAPES_MONITOR("escapes-monitor"),
    ARRAY_ACCESSED("array-accessed"),
    LOOP_CARRIED("loop-carried");

    private final String token;

    KeepReason(String token) {
        this.token = token;
    }

    /** The {@code reason} token of docs/EVENTS.md. */
    public String token() {
        return token;
    }
}
