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
 * profile mode is the agent's {@link SiteDecider#profileOnly()}. {@code SitePass.apply} is looked up too, as its
 * arguments besides the class file (the class's loader, the class hierarchy for frame computation) are still
 * changing; the sweep supplies them over the input's loader, as the agent's transformer does.
 */
final class SweepPass {
    private static final String DECIDER = "dev.spillway.agent.rewrite.RedirectDecider";
    private static final String REWRITER = "dev.spillway.agent.rewrite.RedirectRewriter";

    private final SiteRegistry registry;
    private final SitePass pass;
    private final Method apply;
    /** The arguments after the class file, made once: one pass serves one input, so one loader. */
    private Object[] contexts;

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

    /**
     * The {@code apply(byte[], ...)} with the most arguments this class can supply: a {@code ClassLoader}, or a type
     * with a static {@code of(ClassLoader)} factory ({@code TypeHierarchy.of}), or Byte Buddy's {@code TypePool}
     * ({@code TypePool.Default.of}). The most arguments, because the agent's transformer calls the fullest one.
     */
    private static Method applyMethod() {
        Method found = null;
        for (Method method : SitePass.class.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals("apply") && parameters.length >= 1 && parameters[0] == byte[].class
                    && java.util.Arrays.stream(parameters).skip(1).allMatch(SweepPass::suppliable)
                    && (found == null || parameters.length > found.getParameterCount())) {
                found = method;
            }
        }
        if (found == null) {
            throw new IllegalStateException("SitePass has no apply(byte[], ...) the sweep can call");
        }
        return found;
    }

    private static boolean suppliable(Class<?> type) {
        return type == ClassLoader.class || factory(type) != null;
    }

    private static Method factory(Class<?> type) {
        for (String owner : new String[] {type.getName(), type.getName() + "$Default"}) {
            try {
                Method of = Class.forName(owner, false, type.getClassLoader()).getMethod("of", ClassLoader.class);
                if (java.lang.reflect.Modifier.isStatic(of.getModifiers()) && type.isAssignableFrom(of.getReturnType())) {
                    return of;
                }
            } catch (ReflectiveOperationException e) {
                // Not this one.
            }
        }
        return null;
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
            Class<?>[] parameters = apply.getParameterTypes();
            Object[] arguments = new Object[parameters.length];
            arguments[0] = classFile;
            if (contexts == null) {
                contexts = new Object[parameters.length];
                for (int i = 1; i < parameters.length; i++) {
                    contexts[i] = parameters[i] == ClassLoader.class ? loader : factory(parameters[i]).invoke(null, loader);
                }
            }
            System.arraycopy(contexts, 1, arguments, 1, parameters.length - 1);
            return (byte[]) apply.invoke(pass, arguments);
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
}
