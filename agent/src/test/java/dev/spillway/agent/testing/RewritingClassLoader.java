package dev.spillway.agent.testing;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Defines the named classes itself, from their class files passed through a rewrite, and delegates every
 * other class to its parent: the rewritten classes run next to the agent's runtime, as in an application.
 */
public final class RewritingClassLoader extends ClassLoader {
    private final Map<String, UnaryOperator<byte[]>> rewrites;
    private final ClassLoader source;

    /**
     * @param rewrites class name to rewrite of its class file; a rewrite returning null keeps the original
     * @param source where the original class files are read
     */
    public RewritingClassLoader(Map<String, UnaryOperator<byte[]>> rewrites, ClassLoader source) {
        super("rewriting", source);
        this.rewrites = rewrites;
        this.source = source;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        UnaryOperator<byte[]> rewrite = rewrites.get(name);
        if (rewrite == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] original = ClassFiles.of(name, source);
                byte[] rewritten = rewrite.apply(original);
                byte[] bytes = rewritten == null ? original : rewritten;
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
