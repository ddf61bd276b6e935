package dev.spillway.agent.instrument;

import dev.spillway.agent.config.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's {@link ClassFileTransformer}: runs {@link SitePass} on designated classes and hands every other
 * class back untouched after a few cheap checks (the bootstrap loader, then the name, then the loader).
 *
 * <p>A transformation that fails returns no bytes, so the JVM defines the class exactly as it was; the failure
 * is counted and reported. A class loaded while this thread is already transforming one (the pass loading
 * the agent's own classes, or a class loader that loads classes to find a resource) is passed over, so that
 * the transformer never re-enters itself; such a class is never a designated one in practice, and would merely
 * stay uninstrumented. The transformer remembers which classes it rewrote, by loader and name, so that they
 * can be restored.
 */
final class SiteTransformer implements ClassFileTransformer {
    private final Designation designation;
    private final RuntimeVisibility visibility = new RuntimeVisibility();
    private final SitePass pass;
    private final AgentLog log;
    private final TransformStatistics statistics;
    private final ThreadLocal<Boolean> transforming = new ThreadLocal<>();
    private final Map<ClassLoader, Set<String>> rewritten = Collections.synchronizedMap(new WeakHashMap<>());

    SiteTransformer(Designation designation, SitePass pass, AgentLog log, TransformStatistics statistics) {
        this.designation = designation;
        this.pass = pass;
        this.log = log;
        this.statistics = statistics;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || internalName == null || transforming.get() != null) {
            return null;
        }
        String className = internalName.replace('/', '.');
        if (!designation.designates(className) || !visibility.sees(loader)) {
            return null;
        }
        transforming.set(Boolean.TRUE);
        try {
            byte[] result = pass.apply(classFile, TypeHierarchy.of(loader), loader);
            if (result != null) {
                statistics.rewritten();
                remember(loader, className);
                log.debug("transformed " + className + (classBeingRedefined != null ? " (retransformed)" : ""));
            }
            return result;
        } catch (Throwable e) {
            statistics.failed();
            log.warn("could not instrument " + className + "; it runs unchanged (" + e + ")");
            return null;
        } finally {
            transforming.remove();
        }
    }

    private void remember(ClassLoader loader, String className) {
        synchronized (rewritten) {
            Set<String> names = rewritten.get(loader);
            if (names == null) {
                names = ConcurrentHashMap.newKeySet();
                rewritten.put(loader, names);
            }
            names.add(className);
        }
    }

    /** Whether the already loaded {@code type} is one this transformer would rewrite on retransformation. */
    boolean designates(Class<?> type) {
        return type.getClassLoader() != null && !type.isArray() && !type.isHidden()
                && designation.designates(type.getName()) && visibility.sees(type.getClassLoader());
    }

    /** Those of {@code loaded} whose current bytecode this transformer wrote. */
    List<Class<?>> rewrittenAmong(Class<?>[] loaded) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> type : loaded) {
            Set<String> names = type.getClassLoader() == null ? null : rewritten.get(type.getClassLoader());
            if (names != null && names.contains(type.getName())) {
                found.add(type);
            }
        }
        return found;
    }
}
