package dev.spillway.agent.rewrite;

import static dev.spillway.agent.sites.Verdict.KEPT;
import static dev.spillway.agent.sites.Verdict.PROFILED;
import static dev.spillway.agent.sites.Verdict.REDIRECTED_OFF_HEAP;
import static dev.spillway.agent.sites.Verdict.REDIRECTED_RECYCLED;

import dev.spillway.agent.analysis.ClassResolver;
import dev.spillway.agent.analysis.EscapeAnalyzer;
import dev.spillway.agent.analysis.KeepReason;
import dev.spillway.agent.analysis.SiteVerdict;
import dev.spillway.agent.analysis.Tier;
import dev.spillway.agent.analysis.Verdict;
import dev.spillway.agent.instrument.SiteDecider;
import dev.spillway.agent.sites.FoundSite;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides sites with the escape analysis. In {@code mode=redirect} a proven site is {@code REDIRECTED_OFF_HEAP}
 * or {@code REDIRECTED_RECYCLED} and any other is {@code KEPT} with the analysis' reason; in {@code mode=profile}
 * every site is {@code PROFILED} with the reason the analysis found ({@code provably-local} when redirect would
 * serve it), so that the report says what redirect would do.
 *
 * <p>One {@link EscapeAnalyzer} per class loader, weakly keyed: its resolver reads {@code .class} resources of the
 * loader of the class being transformed, without loading anything, and holds the loader only weakly.
 */
public final class RedirectDecider implements SiteDecider {
    private final boolean redirect;
    private final Function<ClassLoader, EscapeAnalyzer> analyzers;
    private final Predicate<Site> forced;

    private RedirectDecider(boolean redirect, Function<ClassLoader, EscapeAnalyzer> analyzers, Predicate<Site> forced) {
        this.redirect = redirect;
        this.analyzers = analyzers;
        this.forced = forced;
    }

    /**
     * @param redirect {@code mode=redirect} (else profile)
     * @param designated whether a class, by binary name with dots, is designated: only those are analysed as callees
     */
    public static RedirectDecider perClassLoader(boolean redirect, Predicate<String> designated) {
        // Made on first use, not before main; the boot loader (the null key) is never collected, but the agent
        // ignores its classes, so its analyzer is hardly ever made.
        // This runs in premain: named classes rather than lambdas, whose first use spins a class (see Agent.start).
        Map<ClassLoader, EscapeAnalyzer> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
        return new RedirectDecider(redirect, new Function<>() {
            @Override
            public EscapeAnalyzer apply(ClassLoader loader) {
                return byLoader.computeIfAbsent(loader, key -> new EscapeAnalyzer(
                        key == null ? ClassResolver.ofClassLoader(null) : weaklyHeld(key), designated,
                        EscapeAnalyzer.DEFAULT_DEPTH));
            }
        }, NOTHING_FORCED);
    }

    private static final Predicate<Site> NOTHING_FORCED = new Predicate<>() {
        @Override
        public boolean test(Site site) {
            return false;
        }
    };

    /** With one analyzer for every class, whatever its loader; for tests. */
    public static RedirectDecider withAnalyzer(boolean redirect, EscapeAnalyzer analyzer) {
        Objects.requireNonNull(analyzer, "analyzer");
        return new RedirectDecider(redirect, loader -> analyzer, NOTHING_FORCED);
    }

    /**
     * The same decider, but redirecting the sites {@code forced} accepts whatever the analysis says. Test-only:
     * it exists so that the tests of {@code verify=true} can plant a false proof; the agent never calls it.
     */
    public RedirectDecider forcingRedirectOf(Predicate<Site> forcedSites) {
        return new RedirectDecider(redirect, analyzers, forcedSites);
    }

    @Override
    public SiteDecider forLoader(ClassLoader loader) {
        EscapeAnalyzer analyzer = analyzers.apply(loader);
        return (owner, method, sites) -> decide(analyzer, owner, method, sites);
    }

    @Override
    public List<SiteDecision> decide(ClassNode owner, MethodNode method, List<FoundSite> sites) {
        return decide(analyzers.apply(ClassLoader.getSystemClassLoader()), owner, method, sites);
    }

    private List<SiteDecision> decide(EscapeAnalyzer analyzer, ClassNode owner, MethodNode method, List<FoundSite> sites) {
        Map<AbstractInsnNode, SiteVerdict> verdicts = new IdentityHashMap<>();
        for (SiteVerdict verdict : analyzer.analyze(owner, method)) {
            verdicts.put(verdict.instruction(), verdict);
        }
        String obstacle = null;
        boolean obstacleKnown = false;
        List<SiteDecision> decisions = new ArrayList<>(sites.size());
        for (FoundSite site : sites) {
            SiteVerdict found = verdicts.get(site.instruction());
            Verdict verdict = found == null
                    ? new Verdict.Keep(KeepReason.ANALYSIS_ERROR, "the analysis did not see the site")
                    : found.verdict();
            if (forced.test(site.site())) {
                verdict = new Verdict.Redirect(site.site().kind() == SiteKind.NEW_BYTE_ARRAY
                        ? Tier.RECYCLED : Tier.OFF_HEAP);
            }
            if (redirect && verdict instanceof Verdict.Redirect) {
                if (!obstacleKnown) {
                    obstacle = RedirectRewriter.obstacle(owner, method);
                    obstacleKnown = true;
                }
                if (obstacle == null && RedirectRewriter.beforeConstructorStart(owner, method, site.instruction())) {
                    verdict = new Verdict.Keep(KeepReason.ANALYSIS_LIMIT,
                            "before the super constructor call, where no handler may give it back");
                } else if (obstacle != null) {
                    verdict = new Verdict.Keep(KeepReason.ANALYSIS_LIMIT, obstacle);
                }
            }
            decisions.add(decision(verdict));
        }
        return decisions;
    }

    /** The analysis' verdict as the registry's decision: the analysis and the report share the reason tokens. */
    private SiteDecision decision(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Redirect redirected when redirect -> new SiteDecision(redirected.tier() == Tier.OFF_HEAP
                    ? REDIRECTED_OFF_HEAP : REDIRECTED_RECYCLED, Reason.PROVABLY_LOCAL, null);
            case Verdict.Redirect _ -> new SiteDecision(PROFILED, Reason.PROVABLY_LOCAL, null);
            case Verdict.Keep kept -> new SiteDecision(redirect ? KEPT : PROFILED,
                    Reason.valueOf(kept.reason().name()), kept.detail());
        };
    }

    /** Reads class files through a loader that may be collected meanwhile; then nothing is found. */
    private static ClassResolver weaklyHeld(ClassLoader loader) {
        WeakReference<ClassLoader> held = new WeakReference<>(loader);
        return ClassResolver.ofBytes(internalName -> {
            ClassLoader current = held.get();
            if (current == null) {
                return Optional.empty();
            }
            try (InputStream in = current.getResourceAsStream(internalName + ".class")) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
