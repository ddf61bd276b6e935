package dev.spillway.agent.analysis;

/**
 * Where a proven site's memory comes from after the rewrite.
 */
public enum Tier {
    /** A direct {@code ByteBuffer} over an allocator segment, for buffer sites. */
    OFF_HEAP("REDIRECTED_OFF_HEAP"),
    /** A zeroed array from the allocator's {@code ByteArrayRecycler}, for {@code new byte[n]} sites. */
    RECYCLED("REDIRECTED_RECYCLED");

    private final String verdictToken;

    Tier(String verdictToken) {
        this.verdictToken = verdictToken;
    }

    /** The {@code verdict} token of docs/EVENTS.md. */
    public String verdictToken() {
        return verdictToken;
    }

    static Tier of(SiteKind kind) {
        return kind.isBuffer() ? OFF_HEAP : RECYCLED;
    }
}
