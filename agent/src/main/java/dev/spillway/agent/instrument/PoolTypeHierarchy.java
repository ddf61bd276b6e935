package dev.spillway.agent.instrument;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/** A {@link TypeHierarchy} over a Byte Buddy {@link TypePool}, which parses class files instead of loading. */
final class PoolTypeHierarchy implements TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private final TypePool pool;

    PoolTypeHierarchy(TypePool pool) {
        this.pool = pool;
    }

    @Override
    public String commonSuperClass(String type1, String type2) {
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
