package dev.spillway.agent.instrument;

import dev.spillway.agent.config.ClassPatterns;

/**
 * Which classes the agent may touch, by name: designated and not excluded, never the agent itself, and
 * Spillway's other classes only when a pattern names {@code dev.spillway.} literally (so {@code **} does not
 * reach them).
 */
final class Designation {
    static final String SPILLWAY = "dev.spillway.";
    private static final String[] AGENT_ITSELF = {"dev.spillway.agent.", "dev.spillway.shaded."};

    private final ClassPatterns designate;
    private final ClassPatterns exclude;
    private final boolean spillwayNamed;

    Designation(ClassPatterns designate, ClassPatterns exclude) {
        this.designate = designate;
        this.exclude = exclude;
        this.spillwayNamed = designate.namesPackage(SPILLWAY);
    }

    /** Whether the agent's own classes (and its shaded libraries) include {@code className}. */
    static boolean isAgentItself(String className) {
        for (String prefix : AGENT_ITSELF) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class {@code className} (binary name, with dots) is to be instrumented. */
    boolean designates(String className) {
        if (isAgentItself(className) || (className.startsWith(SPILLWAY) && !spillwayNamed)) {
            return false;
        }
        return designate.matches(className) && !exclude.matches(className);
    }
}
