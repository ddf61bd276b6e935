package dev.spillway.agent.instrument;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassWriter;

/**
 * An ASM class writer that answers {@link #getCommonSuperClass} from a Byte Buddy {@link TypePool}, which
 * reads class files instead of loading classes: computing frames while a class is being loaded must not load
 * other classes (they might be the very class, or trigger designated transformations).
 *
 * <p>Profile-mode probes keep the class's frames valid, so only rewrites that change control flow or local
 * types (redirect mode) need {@code COMPUTE_FRAMES} and this writer.
 */
final class PoolClassWriter extends ClassWriter {
    private static final String OBJECT = "java/lang/Object";

    private final TypePool pool;

    PoolClassWriter(int flags, TypePool pool) {
        super(flags);
        this.pool = pool;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        TypeDescription first = describe(type1);
        TypeDescription second = describe(type2);
        if (first.isAssignableFrom(second)) {
            return type1;
        }
        if (second.isAssignableFrom(first)) {
            return type2;
        }
        if (first.isInterface() || second.isInterface()) {
            return OBJECT;
        }
        TypeDescription common = first;
        do {
            TypeDescription.Generic superClass = common.getSuperClass();
            if (superClass == null) {
                return OBJECT;
            }
            common = superClass.asErasure();
        } while (!common.isAssignableFrom(second));
        return common.getInternalName();
    }

    private TypeDescription describe(String internalName) {
        TypePool.Resolution resolution = pool.describe(internalName.replace('/', '.'));
        if (!resolution.isResolved()) {
            throw new TypeNotPresentException(internalName.replace('/', '.'), null);
        }
        return resolution.resolve();
    }
}
