package dev.spillway.samples.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo expects the agent: {@code HOME/agent/target/spillway-agent.jar}, as the agent
 * module's build leaves it.
 *
 * @param path the jar's path, whether or not it exists
 */
public record AgentJar(Path path) {

    public static AgentJar in(Path home) {
        return new AgentJar(home.resolve("agent").resolve("target").resolve("spillway-agent.jar"));
    }

    public boolean exists() {
        return Files.isRegularFile(path);
    }

    /** The {@code -javaagent} option for a run whose agent writes its site report into {@code out}. */
    public String javaagentOption(Path out) {
        return "-javaagent:" + path + "=" + DemoPlan.AGENT_OPTIONS + ",out=" + out;
    }
}
