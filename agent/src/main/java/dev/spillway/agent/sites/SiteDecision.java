package dev.spillway.agent.sites;

import java.util.Objects;

/**
 * The decision taken for one site: its verdict, why, and a note for a person.
 *
 * @param verdict what happens to the site's allocations
 * @param reason why; null when nothing was analysed (profile mode without analysis)
 * @param detail text for a person, e.g. the field a value is stored into; may be null
 */
public record SiteDecision(Verdict verdict, Reason reason, String detail) {
    private static final SiteDecision PROFILED = new SiteDecision(Verdict.PROFILED, null, null);

    public SiteDecision {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict.redirects() && reason != Reason.PROVABLY_LOCAL) {
            throw new IllegalArgumentException("a redirected site must be provably local, not " + reason);
        }
    }

    /** Profile mode, nothing analysed: counted only. */
    public static SiteDecision profiled() {
        return PROFILED;
    }

    /** The reason's token, or null. */
    public String reasonToken() {
        return reason == null ? null : reason.token();
    }
}
