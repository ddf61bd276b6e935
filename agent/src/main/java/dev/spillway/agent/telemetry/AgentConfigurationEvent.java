package dev.spillway.agent.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** {@code dev.spillway.AgentConfiguration}, per docs/EVENTS.md: once at the start of each chunk. */
@Name("dev.spillway.AgentConfiguration")
@Label("Agent Configuration")
@Category({"Spillway", "Agent"})
@Description("The Spillway agent's effective configuration")
@Period("beginChunk")
@StackTrace(false)
final class AgentConfigurationEvent extends Event {
    @Label("Version") String version;
    @Label("Mode") String mode;
    @Label("Threshold") @DataAmount(DataAmount.BYTES) long threshold;
    @Label("Designate") String designate;
    @Label("Exclude") String exclude;
    @Label("Region Size") @DataAmount(DataAmount.BYTES) long regionSize;
    @Label("Verify") boolean verify;
}
