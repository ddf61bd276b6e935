package dev.spillway.agent.config;

/** The outcome of reading the agent's options: a configuration, or the reason there is none. */
public sealed interface ConfigResult {

    /** All options are valid. */
    record Loaded(AgentConfig config) implements ConfigResult {}

    /**
     * An option is invalid; the agent must not instrument anything.
     *
     * @param message one line naming the option, its value, its source and what is allowed
     * @param strict whether the user asked for the JVM to stop in this case
     */
    record Rejected(String message, boolean strict) implements ConfigResult {}
}
