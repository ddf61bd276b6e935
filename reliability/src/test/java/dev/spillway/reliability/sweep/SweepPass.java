package dev.spillway.reliability.sweep;

import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TypeHierarchy;
import dev.spillway.agent.rewrite.RedirectDecider;
import dev.spillway.agent.rewrite.RedirectRewriter;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.util.function.Predicate;

/**
 * The agent's own {@link SitePass}, built as {@code Agent.start} builds it for a mode and called as the agent's
 * transformer calls it ({@code SiteVisitorWrapper}: the class file, the hierarchy of the class's loader for frame
 * computation, and the loader), so that the sweep runs the code the agent runs.
 */
final class SweepPass {
    private final SiteRegistry registry = new SiteRegistry();
    private final SitePass pass;
    private final ClassLoader loader;
    private final TypeHierarchy hierarchy;

    /**
     * @param redirect {@code mode=redirect}, else profile
     * @param designated the designated classes, by binary name with dots
     * @param loader the loader of the input's classes; null for the boot loader
     */
    SweepPass(boolean redirect, Predicate<String> designated, ClassLoader loader) {
        RedirectDecider decider = RedirectDecider.perClassLoader(redirect, designated);
        this.pass = redirect
                ? new SitePass(registry, decider, Verdict.KEPT, new RedirectRewriter())
                : new SitePass(registry, decider, Verdict.PROFILED);
        this.loader = loader;
        this.hierarchy = TypeHierarchy.of(loader);
    }

    SiteRegistry registry() {
        return registry;
    }

    /**
     * Rewrites one class of the input.
     *
     * @return the rewritten class file, or null when the class has no site
     */
    byte[] apply(byte[] classFile) {
        return pass.apply(classFile, hierarchy, loader);
    }
}
