package dev.spillway.agent.config;

import java.util.Locale;

/** What the agent does with the allocation sites of designated classes. */
public enum Mode {
    /** Count every site; allocations are left exactly as they were. */
    PROFILE,
    /** Replace sites proven not to escape with allocator-backed allocations; profile the rest. */
    REDIRECT;

    /** The option value, as written in {@code mode=...}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
