package dev.spillway.agent.instrument;

import java.io.IOException;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's default pool strategy, made to remember, for the transformation running on the current
 * thread, the class file locator Byte Buddy built for it.
 *
 * <p>That locator answers first with the exact bytes the JVM passed to the transformer. {@link
 * SiteVisitorWrapper} needs those bytes, because a site's bytecode index is defined on the original class
 * file and Byte Buddy's visitor chain carries no offsets, and the type pool it is handed is wrapped by Byte
 * Buddy, so it cannot be asked. A transformation runs on one thread from the pool's creation to the
 * wrapper, so a thread-local hand-over is exact; {@link #clear()} drops it when the transformation ends.
 */
final class OriginalClassFiles implements AgentBuilder.PoolStrategy {
    private final AgentBuilder.PoolStrategy delegate = AgentBuilder.PoolStrategy.Default.FAST;
    private final ThreadLocal<ClassFileLocator> current = new ThreadLocal<>();

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
        current.set(classFileLocator);
        return delegate.typePool(classFileLocator, classLoader);
    }

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
        current.set(classFileLocator);
        return delegate.typePool(classFileLocator, classLoader, name);
    }

    /**
     * The class file of {@code typeName} as the running transformation received it.
     *
     * @throws IllegalStateException when no transformation of that type runs on this thread
     */
    byte[] of(String typeName) {
        ClassFileLocator locator = current.get();
        if (locator == null) {
            throw new IllegalStateException("no class file of " + typeName + " is known on this thread");
        }
        try {
            ClassFileLocator.Resolution resolution = locator.locate(typeName);
            if (!resolution.isResolved()) {
                throw new IllegalStateException("the class file of " + typeName + " is not available");
            }
            return resolution.resolve();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the class file of " + typeName, e);
        }
    }

    /** Forgets the current thread's locator, so that no class bytes stay reachable from the thread. */
    void clear() {
        current.remove();
    }
}
