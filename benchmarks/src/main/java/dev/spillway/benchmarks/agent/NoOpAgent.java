package dev.spillway.benchmarks.agent;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: what {@code -javaagent} costs the JVM before any agent code runs (among other
 * things, the JVM then resolves the module graph instead of mapping CDS's archived one). {@link
 * StartupComparison} packs it into a jar of its own.
 */
public final class NoOpAgent {
    private NoOpAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        // Nothing: the JVM's share of an agent's start-up cost is what is left.
    }
}
