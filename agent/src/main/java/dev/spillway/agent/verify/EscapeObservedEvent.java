package dev.spillway.agent.verify;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code dev.spillway.EscapeObserved}, per docs/EVENTS.md. */
@Name("dev.spillway.EscapeObserved")
@Label("Escape Observed")
@Category({"Spillway", "Agent"})
@Description("verify=true found a redirected value still reachable after its method returned, or written after release")
@StackTrace(true)
final class EscapeObservedEvent extends Event {
    @Label("Site") String site;
    @Label("Class") String className;
    @Label("Method") String methodName;
    @Label("Descriptor") String descriptor;
    @Label("Bytecode Index") int bci;
    @Label("Line") int line;
    @Label("Kind") String kind;
    @Label("Detail") String detail;
}
