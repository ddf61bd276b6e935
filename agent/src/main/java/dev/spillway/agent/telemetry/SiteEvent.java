package dev.spillway.agent.telemetry;

import dev.spillway.agent.sites.Site;
import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * The site fields that every per-site event of docs/EVENTS.md carries, filled from a {@link Site} in one place.
 * Abstract, so JFR registers only its concrete subclasses, each with these fields included.
 */
public abstract class SiteEvent extends Event {
    @Label("Site") protected String site;
    @Label("Class") protected String className;
    @Label("Method") protected String methodName;
    @Label("Descriptor") protected String descriptor;
    @Label("Bytecode Index") protected int bci;
    @Label("Line") protected int line;
    @Label("Kind") protected String kind;

    /** Sets the site fields of this event to {@code site}'s. */
    public final void describe(Site site) {
        this.site = site.id();
        this.className = site.className();
        this.methodName = site.methodName();
        this.descriptor = site.descriptor();
        this.bci = site.bci();
        this.line = site.line();
        this.kind = site.kind().name();
    }
}
