package dev.spillway.reliability.sweep;

import dev.spillway.agent.instrument.SiteDecider;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Predicate;

/**
 * The agent's own {@link SitePass}, built as {@code Agent.start} builds it for a mode, so that the sweep runs the
 * code the agent runs. Redirect mode (branch {@code redirect}: {@code RedirectDecider}, {@code RedirectRewriter})
 * is looked up reflectively, so that this module builds against an agent that has only profile mode; there,
 * profile mode is the agent's {@link SiteDecider#profileOnly()}. {@code SitePass.apply} is looked up too: its
 * second argument, where it has one, tells it about the class's loader ({@code ClassLoader}) or the class
 * hierarchy (Byte Buddy's {@code TypePool}, built here over the same loader, as the agent's transformer has it).
 */
final class SweepPass {
    private static final String DECIDER = "dev.spillway.agent.rewrite.RedirectDecider";
    private static final String REWRITER = "dev.spillway.agent.rewrite.RedirectRewriter";

    private final SiteRegistry registry;
    private final SitePass pass;
    private final Method apply;
    private Object typePool;

    /** Whether the agent on the class path has {@code mode=redirect}. */
    static boolean redirectAvailable() {
        try {
            Class.forName(DECIDER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * @param redirect {@code mode=redirect}, else profile
     * @param designated the designated classes, by binary name with dots
     */
    static SweepPass create(boolean redirect, Predicate<String> designated) {
        SiteRegistry registry = new SiteRegistry();
        if (!redirectAvailable()) {
            if (redirect) {
                throw new IllegalStateException("mode=redirect: this agent build has no " + DECIDER
                        + " (branch redirect is not merged)");
            }
            return new SweepPass(registry, new SitePass(registry, SiteDecider.profileOnly(), Verdict.PROFILED));
        }
        try {
            Class<?> deciderType = Class.forName(DECIDER);
            Object decider = deciderType.getMethod("perClassLoader", boolean.class, Predicate.class)
                    .invoke(null, redirect, designated);
            SitePass pass;
            if (redirect) {
                Class<?> rewriterType = Class.forName(REWRITER);
                pass = SitePass.class.getConstructor(SiteRegistry.class, SiteDecider.class, Verdict.class, rewriterType)
                        .newInstance(registry, decider, Verdict.KEPT, rewriterType.getConstructor().newInstance());
            } else {
                pass = new SitePass(registry, (SiteDecider) decider, Verdict.PROFILED);
            }
            return new SweepPass(registry, pass);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the agent's redirect classes do not have the expected shape", e);
        }
    }

    private SweepPass(SiteRegistry registry, SitePass pass) {
        this.registry = registry;
        this.pass = pass;
        this.apply = applyMethod();
    }

    /** The one-argument {@code apply(byte[])} if there is one, else {@code apply(byte[], X)}. */
    private static Method applyMethod() {
        Method found = null;
        for (Method method : SitePass.class.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals("apply") && parameters.length >= 1 && parameters.length <= 2
                    && parameters[0] == byte[].class && (found == null || parameters.length < found.getParameterCount())) {
                found = method;
            }
        }
        if (found == null) {
            throw new IllegalStateException("SitePass has no apply(byte[]) nor apply(byte[], X)");
        }
        return found;
    }

    SiteRegistry registry() {
        return registry;
    }

    /**
     * Rewrites one class of {@code loader} (null: the boot loader), as the agent's transformer would.
     *
     * @return the rewritten class file, or null when the class has no site
     */
    byte[] apply(byte[] classFile, ClassLoader loader) {
        try {
            return (byte[]) (apply.getParameterCount() == 1 ? apply.invoke(pass, (Object) classFile)
                    : apply.invoke(pass, classFile, context(apply.getParameterTypes()[1], loader)));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object context(Class<?> type, ClassLoader loader) throws ReflectiveOperationException {
        if (type == ClassLoader.class) {
            return loader;
        }
        if (typePool == null) {
            // TypePool.Default.of(ClassLoader), whatever package shading moved Byte Buddy to.
            Class<?> pools = Class.forName(type.getName() + "$Default", true, type.getClassLoader());
            typePool = pools.getMethod("of", ClassLoader.class).invoke(null, loader);
        }
        return typePool;
    }
}
