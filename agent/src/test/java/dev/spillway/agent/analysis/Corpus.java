package dev.spillway.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Predicate;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** Reads the corpus classes back from the test class path and runs the analysis on them. */
final class Corpus {

    static final String PACKAGE = "dev.spillway.agent.analysis.corpus.";
    static final Predicate<String> DESIGNATED = name -> name.startsWith(PACKAGE) && !name.startsWith(PACKAGE + "outside.");
    static final ClassResolver RESOLVER = ClassResolver.ofClassLoader(Corpus.class.getClassLoader());

    private Corpus() {
    }

    static ClassNode classNode(Class<?> type) {
        return RESOLVER.resolve(type.getName().replace('.', '/')).orElseThrow();
    }

    static MethodNode method(ClassNode owner, String name) {
        List<MethodNode> named = owner.methods.stream().filter(m -> m.name.equals(name)).toList();
        assertEquals(1, named.size(), () -> "methods named " + name + " in " + owner.name);
        return named.getFirst();
    }

    static List<SiteVerdict> verdicts(EscapeAnalyzer analyzer, Class<?> type, String methodName) {
        ClassNode owner = classNode(type);
        return analyzer.analyze(owner, method(owner, methodName));
    }

    static List<SiteVerdict> verdicts(Class<?> type, String methodName) {
        return verdicts(new EscapeAnalyzer(RESOLVER, DESIGNATED, EscapeAnalyzer.DEFAULT_DEPTH), type, methodName);
    }

    /** The single site of {@code methodName}. */
    static SiteVerdict onlySite(Class<?> type, String methodName) {
        List<SiteVerdict> sites = verdicts(type, methodName);
        assertEquals(1, sites.size(), () -> "sites in " + methodName + ": " + sites);
        return sites.getFirst();
    }

    /** {@code REDIRECTED_*} for a redirect, the reason token for a keep: what the site report would say. */
    static String outcome(SiteVerdict site) {
        return switch (site.verdict()) {
            case Verdict.Redirect redirect -> redirect.tier().verdictToken();
            case Verdict.Keep keep -> keep.reason().token();
        };
    }

    static String detail(SiteVerdict site) {
        return site.verdict() instanceof Verdict.Keep keep ? keep.detail() : "";
    }
}
