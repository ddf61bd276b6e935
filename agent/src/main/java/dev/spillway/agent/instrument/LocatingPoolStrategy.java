package dev.spillway.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's lazy type pool, made to hand out the class file locator it was built on.
 *
 * <p>During a transformation that locator answers first with the exact bytes the JVM passed in; {@link
 * SiteVisitorWrapper} needs those bytes, because a site's bytecode index is defined on the original class
 * file and Byte Buddy's visitor chain does not carry offsets.
 */
final class LocatingPoolStrategy implements AgentBuilder.PoolStrategy {

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
        return new LocatingTypePool(classFileLocator);
    }

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
        return new LocatingTypePool(classFileLocator);
    }

    /** A lazy type pool that exposes its locator. */
    static final class LocatingTypePool extends TypePool.Default.WithLazyResolution {
        LocatingTypePool(ClassFileLocator classFileLocator) {
            super(TypePool.CacheProvider.Simple.withObjectType(), classFileLocator, ReaderMode.FAST);
        }

        ClassFileLocator locator() {
            return classFileLocator;
        }
    }
}
