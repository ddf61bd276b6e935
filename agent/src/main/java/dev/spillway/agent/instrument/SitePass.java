package dev.spillway.agent.instrument;

import dev.spillway.agent.rewrite.RedirectRewriter;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.ClassSites;
import dev.spillway.agent.sites.FoundSite;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The transformation of one class, over ASM's tree API: find the sites, decide each one, register it, and
 * rewrite it according to its decision.
 *
 * <p>A profiled (or kept) site gets a probe just before the allocating instruction: {@code DUP} the size,
 * push the site's number, {@code INVOKESTATIC SpillwayRuntime.profile(II)V}. The probe is straight-line code
 * that leaves the operand stack as it found it, so the class's stack map frames stay valid and only the
 * maximum stack size grows; the allocation itself is untouched. A redirected site is rewritten by the
 * {@link RedirectRewriter}; if that fails, the method is unchanged and its sites are kept and profiled.
 */
public final class SitePass {
    private final SiteRegistry registry;
    private final SiteDecider decider;
    private final Verdict fallbackVerdict;
    private final RedirectRewriter redirects;
    private final DecisionQueue later;

    /**
     * @param registry where sites are registered
     * @param decider decides each method's sites
     * @param fallbackVerdict the verdict of a site whose decision failed: {@code PROFILED} or {@code KEPT}
     */
    public SitePass(SiteRegistry registry, SiteDecider decider, Verdict fallbackVerdict) {
        this(registry, decider, fallbackVerdict, null);
    }

    /**
     * @param redirects rewrites the sites decided {@code REDIRECTED_*}; null when no decision may redirect
     */
    public SitePass(SiteRegistry registry, SiteDecider decider, Verdict fallbackVerdict, RedirectRewriter redirects) {
        this(registry, decider, fallbackVerdict, redirects, null);
    }

    private SitePass(SiteRegistry registry, SiteDecider decider, Verdict fallbackVerdict, RedirectRewriter redirects,
            DecisionQueue later) {
        if (fallbackVerdict.redirects()) {
            throw new IllegalArgumentException("a failed decision cannot redirect");
        }
        this.registry = registry;
        this.decider = decider;
        this.fallbackVerdict = fallbackVerdict;
        this.redirects = redirects;
        this.later = later;
    }

    /**
     * The pass of {@code mode=profile} that probes every site at once and decides the sites later, on {@code
     * later}'s thread: until then a site is registered {@code PROFILED} without reason. The analysis then no longer
     * delays the loading of the class, which matters most for the application's first classes, on the way to
     * {@code main}. A decision that would redirect is recorded as an analysis error, since the class is
     * already rewritten.
     */
    public static SitePass decidingLater(SiteRegistry registry, SiteDecider decider, DecisionQueue later) {
        return new SitePass(registry, decider, Verdict.PROFILED, null, later);
    }

    /**
     * Transforms a class file.
     *
     * @param hierarchy describes other classes without loading them, for rewrites that recompute frames
     * @return the rewritten class file, or null when the class has no site and stays as it is
     */
    public byte[] apply(byte[] classFile, TypeHierarchy hierarchy) {
        return apply(classFile, hierarchy, decider);
    }

    /**
     * Transforms a class file of {@code loader} (null: the boot loader), whose other classes the decider may read.
     *
     * @param hierarchy describes other classes without loading them
     * @return the rewritten class file, or null when the class has no site and stays as it is
     */
    public byte[] apply(byte[] classFile, TypeHierarchy hierarchy, ClassLoader loader) {
        // Deciding later, the decider for the loader is made later too, as part of the analysis.
        return apply(classFile, hierarchy, later != null ? new LoaderDecider(decider, loader) : decider.forLoader(loader));
    }

    private byte[] apply(byte[] classFile, TypeHierarchy hierarchy, SiteDecider decider) {
        if (!SiteFinder.mayHaveSites(classFile)) {
            return null;
        }
        if (later != null) {
            return probeAllDecidingLater(classFile, decider);
        }
        ClassSites found = SiteFinder.find(classFile);
        if (found.sites().isEmpty()) {
            return null;
        }
        ClassNode node = found.node();
        Map<MethodNode, List<FoundSite>> byMethod = new LinkedHashMap<>();
        for (FoundSite site : found.sites()) {
            byMethod.computeIfAbsent(site.method(), method -> new ArrayList<>()).add(site);
        }
        // Decide everything before rewriting anything: deciders read methods as the compiler wrote them.
        List<FoundSite> sites = new ArrayList<>();
        List<SiteDecision> decisions = new ArrayList<>();
        byMethod.forEach((method, methodSites) -> {
            sites.addAll(methodSites);
            decisions.addAll(decide(decider, node, method, methodSites));
        });
        for (int i = 0; i < sites.size(); i++) {
            if (decisions.get(i).verdict().redirects() && redirects == null) {
                throw new IllegalStateException("no redirect rewrite is installed for " + sites.get(i).site().id());
            }
        }
        Map<MethodNode, List<RedirectRewriter.Target>> redirected = new LinkedHashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            FoundSite site = sites.get(i);
            int index = registry.register(site.site(), decisions.get(i));
            if (decisions.get(i).verdict().redirects()) {
                redirected.computeIfAbsent(site.method(), method -> new ArrayList<>())
                        .add(new RedirectRewriter.Target(site.instruction(), site.site().kind(), index));
            } else {
                site.method().instructions.insertBefore(site.instruction(), probe(index));
            }
        }
        redirected.forEach((method, targets) -> {
            try {
                redirects.rewrite(node, method, targets);
            } catch (RuntimeException e) {
                // The rewrite changed nothing: the sites stay plain allocations, kept and profiled.
                for (int i = 0; i < sites.size(); i++) {
                    FoundSite site = sites.get(i);
                    if (site.method() == method && decisions.get(i).verdict().redirects()) {
                        int index = registry.register(site.site(),
                                new SiteDecision(Verdict.KEPT, Reason.ANALYSIS_ERROR, "rewrite failed: " + e));
                        method.instructions.insertBefore(site.instruction(), probe(index));
                    }
                }
            }
        });
        return write(node, hierarchy);
    }

    /** The probes in one pass from reader to writer ({@link StreamingProbes}); the tree only for the analysis. */
    private byte[] probeAllDecidingLater(byte[] classFile, SiteDecider decider) {
        byte[] rewritten = StreamingProbes.rewrite(classFile, registry);
        if (rewritten == null) {
            return null;
        }
        // A named class, not a lambda: this runs as the application's first classes load (see Agent.start).
        later.submit(new Runnable() {
            @Override
            public void run() {
                decideNow(classFile, decider);
            }
        });
        return rewritten;
    }

    /** Decides the sites of the original {@code classFile} and registers the decisions over the provisional ones. */
    private void decideNow(byte[] classFile, SiteDecider decider) {
        ClassSites found = SiteFinder.find(classFile);
        Map<MethodNode, List<FoundSite>> byMethod = new LinkedHashMap<>();
        for (FoundSite site : found.sites()) {
            byMethod.computeIfAbsent(site.method(), method -> new ArrayList<>()).add(site);
        }
        byMethod.forEach((method, methodSites) -> {
            List<SiteDecision> decisions = decide(decider, found.node(), method, methodSites);
            for (int i = 0; i < methodSites.size(); i++) {
                SiteDecision decision = decisions.get(i).verdict().redirects()
                        ? new SiteDecision(fallbackVerdict, Reason.ANALYSIS_ERROR, "a redirect decided after the rewrite")
                        : decisions.get(i);
                registry.register(methodSites.get(i).site(), decision);
            }
        });
    }

    /**
     * The decider for the classes of a loader, made when the first decision is asked for, so that a failure to make
     * it fails the decisions like any other.
     */
    private record LoaderDecider(SiteDecider decider, ClassLoader loader) implements SiteDecider {
        @Override
        public List<SiteDecision> decide(ClassNode owner, MethodNode method, List<FoundSite> sites) {
            return decider.forLoader(loader).decide(owner, method, sites);
        }
    }

    private static byte[] write(ClassNode node, TypeHierarchy hierarchy) {
        // Probes leave every frame valid: only the maximum stack grows. The redirect rewrite keeps the frames
        // itself (it adds locals of one known type and one handler), so no frame is computed here.
        ClassWriter writer = new HierarchyClassWriter(ClassWriter.COMPUTE_MAXS, hierarchy);
        node.accept(writer);
        return writer.toByteArray();
    }

    private List<SiteDecision> decide(SiteDecider decider, ClassNode owner, MethodNode method, List<FoundSite> sites) {
        try {
            List<SiteDecision> decided = decider.decide(owner, method, List.copyOf(sites));
            if (decided == null || decided.size() != sites.size() || decided.contains(null)) {
                throw new IllegalStateException("the decider returned " + (decided == null ? "null"
                        : decided.size() + " decisions") + " for " + sites.size() + " sites");
            }
            return decided;
        } catch (RuntimeException | StackOverflowError e) {
            SiteDecision failed = new SiteDecision(fallbackVerdict, Reason.ANALYSIS_ERROR, String.valueOf(e));
            List<SiteDecision> fallback = new ArrayList<>();
            sites.forEach(site -> fallback.add(failed));
            return fallback;
        }
    }

    private static InsnList probe(int index) {
        InsnList probe = new InsnList();
        probe.add(new InsnNode(Opcodes.DUP));
        probe.add(new LdcInsnNode(index));
        probe.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SpillwayRuntime.INTERNAL_NAME, SpillwayRuntime.PROFILE,
                SpillwayRuntime.PROFILE_DESCRIPTOR, false));
        return probe;
    }
}
