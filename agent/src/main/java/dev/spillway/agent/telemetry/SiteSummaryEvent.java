package dev.spillway.agent.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** {@code dev.spillway.SiteSummary}, per docs/EVENTS.md: cumulative counters of one site. */
@Name("dev.spillway.SiteSummary")
@Label("Site Summary")
@Category({"Spillway", "Agent"})
@Description("Cumulative counters of one allocation site since the agent started")
@Period("1 s")
@StackTrace(false)
final class SiteSummaryEvent extends SiteEvent {
    @Label("Verdict") String verdict;
    @Label("Reason") String reason;
    @Label("Detail") String detail;
    @Label("Allocations") long allocations;
    @Label("Bytes") @DataAmount(DataAmount.BYTES) long bytes;
    @Label("Large Allocations") long largeAllocations;
    @Label("Large Bytes") @DataAmount(DataAmount.BYTES) long largeBytes;
    @Label("Humongous Allocations") long humongousAllocations;
    @Label("Humongous Bytes") @DataAmount(DataAmount.BYTES) long humongousBytes;
    @Label("Redirected Allocations") long redirectedAllocations;
    @Label("Redirected Bytes") @DataAmount(DataAmount.BYTES) long redirectedBytes;
    @Label("Fallback Allocations") long fallbackAllocations;
    @Label("Below Threshold Allocations") long belowThresholdAllocations;
}
