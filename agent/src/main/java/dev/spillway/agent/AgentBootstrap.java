package dev.spillway.agent;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.ConfigLoader;
import dev.spillway.agent.config.ConfigResult;
import dev.spillway.agent.config.ConfigSources;
import dev.spillway.agent.config.LogLevel;
import java.lang.instrument.Instrumentation;

/**
 * Starts and stops the agent on behalf of {@link SpillwayAgent}, after the Java version check.
 *
 * <p>Holds the running agent in a static field because the JVM forces it: {@code detach} arrives as a
 * fresh {@code agentmain} call that has no other way to find the agent started by an earlier one. The
 * state is also published as the system property {@value #STATE_PROPERTY}, which the attach command reads.
 */
public final class AgentBootstrap {
    /** System property with the agent's state: {@code running}, {@code detached} or {@code rejected: ...}. */
    public static final String STATE_PROPERTY = "spillway.agent.state";
    /** The agent argument that detaches a running agent. */
    public static final String DETACH = "detach";

    private static Agent running;

    private AgentBootstrap() {}

    /** {@code premain}: an invalid option disables the agent, or with {@code strict=true} stops the JVM. */
    public static void start(String arguments, Instrumentation instrumentation) {
        synchronized (AgentBootstrap.class) {
            // An instanceof test, not a pattern switch: its bootstrap would spin a class before main.
            ConfigResult result = ConfigLoader.load(ConfigSources.ofThisJvm(arguments));
            if (result instanceof ConfigResult.Loaded loaded) {
                launch(loaded, instrumentation, false);
            } else if (result instanceof ConfigResult.Rejected rejected) {
                System.setProperty(STATE_PROPERTY, "rejected: " + rejected.message());
                if (rejected.strict()) {
                    System.err.println("spillway: error: " + rejected.message() + "; stopping (strict=true)");
                    System.exit(2);
                }
                System.err.println("spillway: error: " + rejected.message() + "; the agent is disabled");
            }
        }
    }

    /**
     * {@code agentmain}: starts the agent, or detaches it when the argument is {@value #DETACH}. An invalid
     * option never stops a JVM that is already running, {@code strict} or not: the attach command reads the
     * rejection from {@value #STATE_PROPERTY} and fails.
     */
    public static void attach(String arguments, Instrumentation instrumentation) {
        synchronized (AgentBootstrap.class) {
            if (arguments != null && arguments.strip().equals(DETACH)) {
                detach();
                return;
            }
            if (running != null) {
                System.err.println("spillway: warn: the agent is already running; detach it first to change options");
                return;
            }
            ConfigResult result = ConfigLoader.load(ConfigSources.ofThisJvm(arguments));
            if (result instanceof ConfigResult.Loaded loaded) {
                launch(loaded, instrumentation, true);
            } else if (result instanceof ConfigResult.Rejected rejected) {
                System.setProperty(STATE_PROPERTY, "rejected: " + rejected.message());
                System.err.println("spillway: error: " + rejected.message() + "; the agent is disabled");
            }
        }
    }

    private static void launch(ConfigResult.Loaded loaded, Instrumentation instrumentation, boolean attached) {
        if (running != null) {
            return;
        }
        AgentLog log = new AgentLog(loaded.config().log(), System.err);
        try {
            running = Agent.start(loaded.config(), instrumentation, log, attached);
            System.setProperty(STATE_PROPERTY, "running");
        } catch (RuntimeException | LinkageError e) {
            System.setProperty(STATE_PROPERTY, "failed: " + e);
            log.error("the agent could not start (" + e + "); the application runs without it");
            if (log.enabled(LogLevel.DEBUG)) {
                e.printStackTrace();
            }
        }
    }

    private static void detach() {
        if (running == null) {
            System.err.println("spillway: warn: detach asked, but the agent is not running");
            return;
        }
        running.stop();
        running = null;
        System.setProperty(STATE_PROPERTY, "detached");
    }
}
