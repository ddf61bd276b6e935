package dev.spillway.agent.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code dev.spillway.LargeAllocation}, per docs/EVENTS.md. */
@Name("dev.spillway.LargeAllocation")
@Label("Large Allocation")
@Category({"Spillway", "Agent"})
@Description("An allocation at or above the agent's threshold at an instrumented site")
@StackTrace(true)
final class LargeAllocationEvent extends SiteEvent {
    @Label("Size") @DataAmount(DataAmount.BYTES) long size;
    @Label("Humongous") boolean humongous;
    @Label("Outcome") String outcome;
    @Label("Weight") @Description("Allocations this event stands for, itself included") long weight;
    @Label("Weight Bytes") @DataAmount(DataAmount.BYTES) long weightBytes;
}
