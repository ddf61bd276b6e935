package dev.spillway.agent.instrument;

import dev.spillway.agent.runtime.SpillwayRuntime;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Tells the class loaders whose classes can call {@link SpillwayRuntime}: those that resolve its name to this
 * very class. A class rewritten in any other loader would fail with {@code NoClassDefFoundError} at its first
 * site, so such classes are left alone. The bootstrap and platform loaders never see the agent.
 */
final class RuntimeVisibility {
    private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    /** Whether classes of {@code loader} (null: the bootstrap loader) resolve the agent's runtime. */
    boolean sees(ClassLoader loader) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        // Asked for every class a loader loads: a plain lookup, since a lambda's first use costs a spun class.
        Boolean sees = seen.get(loader);
        if (sees == null) {
            sees = resolvesRuntime(loader);
            seen.put(loader, sees);
        }
        return sees;
    }

    private static boolean resolvesRuntime(ClassLoader loader) {
        try {
            return Class.forName(SpillwayRuntime.class.getName(), false, loader) == SpillwayRuntime.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
