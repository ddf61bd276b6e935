package dev.spillway.agent.analysis;

import java.util.Objects;

/**
 * The outcome of the escape analysis for one site: redirected, or kept because of a reason.
 */
public sealed interface Verdict permits Verdict.Redirect, Verdict.Keep {

    /** The {@code reason} token of docs/EVENTS.md ({@code provably-local} for a redirect). */
    String reasonToken();

    /**
     * Proven not to escape, not to be carried across loop iterations and, for a buffer, never to have
     * its {@code array()} taken: safe to serve from {@code tier} and give back at method exit.
     */
    record Redirect(Tier tier) implements Verdict {
        public Redirect {
            Objects.requireNonNull(tier, "tier");
        }

        @Override
        public String reasonToken() {
            return "provably-local";
        }
    }

    /**
     * Left as a plain allocation. {@code detail} is for a person and names what the analysis saw
     * (a field, a method, a local variable).
     */
    record Keep(KeepReason reason, String detail) implements Verdict {
        public Keep {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String reasonToken() {
            return reason.token();
        }
    }
}
