package dev.spillway.agent.telemetry;

import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.config.Mode;
import java.time.Instant;

/**
 * What the telemetry says about the agent itself.
 *
 * @param version agent version
 * @param mode the mode in effect (which may differ from the one asked for, see docs/AGENT.md)
 * @param threshold bytes from which an allocation is large
 * @param designate designated classes
 * @param exclude excluded classes
 * @param verify whether run-time escape checks are on
 * @param startedAt when the agent started
 */
public record RunInfo(String version, Mode mode, int threshold, ClassPatterns designate, ClassPatterns exclude,
        boolean verify, Instant startedAt) {}
