package dev.spillway.agent.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides, for every allocation site of a method, whether {@code mode=redirect} may serve it from the
 * allocator: the array or buffer must not outlive the method or be seen by another thread, must not be
 * carried from one loop iteration into the next, and a buffer must never have its {@code array()} taken.
 * When in doubt, a site is kept. docs/ESCAPE-ANALYSIS.md describes the analysis and its assumptions.
 *
 * <p>Calls to statically bound methods of designated classes are analysed in turn, up to
 * {@code depthBound} calls deep; their summaries are cached for the life of the analyzer, keyed by class
 * name. Instances are thread-safe and meant to be shared by the transformations of one class loader: use one
 * analyzer (with a resolver over that loader) per class loader, since two loaders may define different
 * classes of the same name.
 *
 * <p>Typical use by the rewriter, before it changes the method:
 * <pre>{@code
 * EscapeAnalyzer analyzer = new EscapeAnalyzer(ClassResolver.ofClassLoader(loader), designated, EscapeAnalyzer.DEFAULT_DEPTH);
 * for (SiteVerdict site : analyzer.analyze(classNode, methodNode)) {
 *     if (site.verdict() instanceof Verdict.Redirect redirect) { ... rewrite site.instruction() for redirect.tier() ... }
 * }
 * }</pre>
 */
public final class EscapeAnalyzer {

    /** How many calls deep the analysis follows statically bound calls unless told otherwise. */
    public static final int DEFAULT_DEPTH = 4;

    private static final int MAX_RECURSION_ROUNDS = 16;

    private record CachedSummary(MethodSummary summary, int depth) {
    }

    private final ClassCatalog catalog;
    private final JdkWhitelist whitelist;
    private final Predicate<String> designated;
    private final int depthBound;
    private final ConcurrentMap<String, CachedSummary> summaries = new ConcurrentHashMap<>();

    /**
     * @param resolver   finds callees and JDK supertypes by internal name
     * @param designated whether a class, by binary name with dots ({@code com.acme.Relay$Worker}), is designated;
     *                   only designated classes are analysed as callees
     * @param depthBound how many calls deep to follow statically bound calls (0: none)
     */
    public EscapeAnalyzer(ClassResolver resolver, Predicate<String> designated, int depthBound) {
        if (depthBound < 0) {
            throw new IllegalArgumentException("depthBound must be >= 0: " + depthBound);
        }
        this.catalog = new ClassCatalog(Objects.requireNonNull(resolver, "resolver"));
        this.whitelist = new JdkWhitelist(catalog);
        this.designated = Objects.requireNonNull(designated, "designated");
        this.depthBound = depthBound;
    }

    /**
     * The verdicts of the allocation sites of {@code method}, a method of {@code owner}, in instruction
     * order; empty when it has none. Never throws for bad or unusual bytecode: such sites are kept
     * with {@code analysis-error} or {@code analysis-limit}. Neither node is modified.
     */
    public List<SiteVerdict> analyze(ClassNode owner, MethodNode method) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(method, "method");
        if (!MethodAnalysis.hasSites(method)) {
            return List.of();
        }
        try {
            return new Session(owner).solve(owner, method, depthBound).verdicts();
        } catch (RuntimeException | StackOverflowError e) {
            Verdict.Keep why = new Verdict.Keep(KeepReason.ANALYSIS_ERROR, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            List<SiteVerdict> kept = new ArrayList<>();
            method.instructions.forEach(insn -> SiteKind.of(insn).ifPresent(kind -> kept.add(new SiteVerdict(insn, kind, why))));
            return kept;
        }
    }

    /** The verdicts of every method of {@code owner} that has allocation sites, in declaration order. */
    public Map<MethodNode, List<SiteVerdict>> analyze(ClassNode owner) {
        Map<MethodNode, List<SiteVerdict>> verdicts = new LinkedHashMap<>();
        for (MethodNode method : owner.methods) {
            List<SiteVerdict> sites = analyze(owner, method);
            if (!sites.isEmpty()) {
                verdicts.put(method, sites);
            }
        }
        return verdicts;
    }

    /**
     * The state of one top-level analysis: the class being transformed (which the resolver may not see
     * yet, or see in another version) and the chain of methods under analysis, for recursion.
     */
    private final class Session {
        private final ClassNode topOwner;
        private final Deque<String> inProgress = new ArrayDeque<>();
        private final Map<String, MethodSummary> assumptions = new HashMap<>();
        private int truncations;

        Session(ClassNode topOwner) {
            this.topOwner = topOwner;
        }

        /**
         * Analyses {@code method} with {@code remaining} levels of calls left. A method that calls itself
         * is analysed again with the summary the last round produced until that summary is stable: the
         * least fixpoint, reached from "nothing escapes" upwards.
         */
        MethodAnalysis.Result solve(ClassNode owner, MethodNode method, int remaining) {
            String key = key(owner.name, method);
            MethodSummary assumption = MethodSummary.nothingEscapes(argumentCount(method));
            inProgress.push(key);
            int truncationsBefore = truncations;
            try {
                for (int round = 0; round < MAX_RECURSION_ROUNDS; round++) {
                    assumptions.put(key, assumption);
                    MethodAnalysis.Result result = MethodAnalysis.run(owner.name, method, call -> effect(call, remaining));
                    if (result.summary().sameFacts(assumption)) {
                        boolean complete = truncations == truncationsBefore;
                        MethodSummary summary = result.summary();
                        summaries.merge(key, new CachedSummary(new MethodSummary(summary.escapes(), summary.returned(),
                                summary.arrayAccessed(), complete), remaining), EscapeAnalyzer::better);
                        return result;
                    }
                    assumption = result.summary();
                }
                Verdict.Keep why = new Verdict.Keep(KeepReason.ANALYSIS_LIMIT,
                        "recursion through " + MethodAnalysis.describe(owner.name, method) + " did not settle");
                return MethodAnalysis.run(owner.name, method, call -> CallEffect.allEscape(argumentCount(call), why));
            } finally {
                inProgress.pop();
                assumptions.remove(key);
            }
        }

        private CallEffect effect(MethodInsnNode call, int remaining) {
            Verdict.Keep passed = new Verdict.Keep(KeepReason.ESCAPES_CALL, "passed to " + MethodAnalysis.describe(call));
            CallEffect jdk = whitelist.effect(call, passed);
            if (jdk != null) {
                return jdk;
            }
            Optional<ClassCatalog.Declared> target = staticallyBound(call);
            if (target.isEmpty()) {
                return CallEffect.allEscape(argumentCount(call), passed);
            }
            MethodSummary summary = summaryOf(target.get(), remaining, call);
            String via = "in " + MethodAnalysis.describe(target.get().owner().name, target.get().method()) + ": ";
            Verdict.Keep[] escapes = new Verdict.Keep[summary.arguments()];
            for (int a = 0; a < escapes.length; a++) {
                Verdict.Keep escape = summary.escapes()[a];
                escapes[a] = escape == null ? null : new Verdict.Keep(escape.reason(), via + escape.detail());
            }
            return new CallEffect(escapes, summary.returned(), summary.arrayAccessed());
        }

        private MethodSummary summaryOf(ClassCatalog.Declared target, int remaining, MethodInsnNode call) {
            String key = key(target.owner().name, target.method());
            int arguments = argumentCount(call);
            if (inProgress.contains(key)) {
                if (key.equals(inProgress.peek())) {
                    return assumptions.get(key);
                }
                return MethodSummary.everythingEscapes(arguments, new Verdict.Keep(KeepReason.ANALYSIS_LIMIT,
                        "mutual recursion through " + MethodAnalysis.describe(call)), true);
            }
            CachedSummary cached = summaries.get(key);
            if (cached != null && (cached.summary().complete() || cached.depth() >= remaining - 1)) {
                if (!cached.summary().complete()) {
                    truncations++;
                }
                return cached.summary();
            }
            if (remaining == 0) {
                truncations++;
                return MethodSummary.everythingEscapes(arguments, new Verdict.Keep(KeepReason.ANALYSIS_LIMIT,
                        "call depth bound " + depthBound + " reached at " + MethodAnalysis.describe(call)), false);
            }
            return solve(target.owner(), target.method(), remaining - 1).summary();
        }

        /**
         * The method a call certainly runs, when it is in a designated class and has code: static and
         * {@code invokespecial} calls, and virtual calls to private or final methods or into final classes.
         * Anything else may dispatch to code the analysis has not seen.
         */
        private Optional<ClassCatalog.Declared> staticallyBound(MethodInsnNode call) {
            if (call.owner.startsWith("[")) {
                return Optional.empty();
            }
            Optional<ClassNode> ownerNode = call.owner.equals(topOwner.name) ? Optional.of(topOwner) : catalog.find(call.owner);
            if (ownerNode.isEmpty()) {
                return Optional.empty();
            }
            ClassNode owner = ownerNode.get();
            Optional<ClassCatalog.Declared> found = switch (call.getOpcode()) {
                case Opcodes.INVOKESTATIC -> catalog.findInSuperclasses(owner, call.name, call.desc)
                        .filter(d -> isStatic(d.method()));
                case Opcodes.INVOKESPECIAL -> (call.name.equals("<init>")
                        ? declaredIn(owner, call) : catalog.findInSuperclasses(owner, call.name, call.desc))
                        .filter(d -> !isStatic(d.method()));
                case Opcodes.INVOKEVIRTUAL -> catalog.findInSuperclasses(owner, call.name, call.desc)
                        .filter(d -> !isStatic(d.method()))
                        .filter(d -> (d.method().access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                                || (owner.access & Opcodes.ACC_FINAL) != 0);
                case Opcodes.INVOKEINTERFACE -> declaredIn(owner, call)
                        .filter(d -> (d.method().access & Opcodes.ACC_PRIVATE) != 0 && !isStatic(d.method()));
                default -> Optional.empty();
            };
            return found
                    .filter(d -> (d.method().access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0)
                    .filter(d -> d.method().instructions.size() > 0)
                    .filter(d -> designated.test(MethodAnalysis.dotted(d.owner().name)));
        }

        private Optional<ClassCatalog.Declared> declaredIn(ClassNode owner, MethodInsnNode call) {
            for (MethodNode method : owner.methods) {
                if (method.name.equals(call.name) && method.desc.equals(call.desc)) {
                    return Optional.of(new ClassCatalog.Declared(owner, method));
                }
            }
            return Optional.empty();
        }
    }

    private static CachedSummary better(CachedSummary old, CachedSummary fresh) {
        if (old.summary().complete()) {
            return old;
        }
        return fresh.summary().complete() || fresh.depth() > old.depth() ? fresh : old;
    }

    private static boolean isStatic(MethodNode method) {
        return (method.access & Opcodes.ACC_STATIC) != 0;
    }

    private static String key(String owner, MethodNode method) {
        return owner + '.' + method.name + method.desc;
    }

    private static int argumentCount(MethodNode method) {
        return Type.getArgumentTypes(method.desc).length + (isStatic(method) ? 0 : 1);
    }

    private static int argumentCount(MethodInsnNode call) {
        return Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
    }
}
