package dev.spillway.agent.instrument;

import dev.spillway.agent.sites.FoundSite;
import dev.spillway.agent.sites.SiteDecision;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The one place where a site's fate is decided: profile it, keep it, or redirect it.
 *
 * <p>It sees one method at a time, as read from the original class file and before any rewrite, so that a
 * data-flow analysis can run over the method as the compiler wrote it. Redirect mode plugs its escape
 * analysis in here; profile mode uses {@link #profileOnly()}.
 */
@FunctionalInterface
public interface SiteDecider {

    /**
     * Decides every site of one method.
     *
     * @param owner the class, unmodified
     * @param method the method, unmodified
     * @param sites the method's sites, in bytecode order
     * @return one decision per site, in the same order; an exception makes every site of the method
     *     {@code analysis-error}
     */
    List<SiteDecision> decide(ClassNode owner, MethodNode method, List<FoundSite> sites);

    /**
     * The decider for the classes of {@code loader} (null: the boot loader); deciders that read other classes
     * (callees, supertypes) read them through it. This one by default.
     */
    default SiteDecider forLoader(ClassLoader loader) {
        return this;
    }

    /** Profiles every site, analysing nothing. */
    static SiteDecider profileOnly() {
        return (owner, method, sites) -> Collections.nCopies(sites.size(), SiteDecision.profiled());
    }
}
