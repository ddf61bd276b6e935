package dev.spillway.agent.verify;

import dev.spillway.agent.telemetry.SiteEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code dev.spillway.EscapeObserved}, per docs/EVENTS.md. */
@Name("dev.spillway.EscapeObserved")
@Label("Escape Observed")
@Category({"Spillway", "Agent"})
@Description("verify=true found a redirected value still reachable after its method returned, or written after release")
@StackTrace(true)
final class EscapeObservedEvent extends SiteEvent {
    @Label("Detail") String detail;
}
