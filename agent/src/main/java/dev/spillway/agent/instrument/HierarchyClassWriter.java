package dev.spillway.agent.instrument;

import org.objectweb.asm.ClassWriter;

/**
 * An ASM class writer whose {@link #getCommonSuperClass} asks a {@link TypeHierarchy} instead of loading
 * classes, as ASM's default does.
 *
 * <p>Profile-mode probes keep the class's frames valid, so only rewrites that change control flow or local
 * types (redirect mode) need {@code COMPUTE_FRAMES} and thereby the hierarchy.
 */
final class HierarchyClassWriter extends ClassWriter {
    private final TypeHierarchy hierarchy;

    HierarchyClassWriter(int flags, TypeHierarchy hierarchy) {
        super(flags);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
