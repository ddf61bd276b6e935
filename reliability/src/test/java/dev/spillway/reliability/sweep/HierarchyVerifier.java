package dev.spillway.reliability.sweep;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} answering its type questions from a {@link ClassHierarchy} instead of loading
 * classes, so that it knows every class of the library being swept and the JDK, loads nothing, and fails on a
 * type it cannot find rather than assuming.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private static final List<String> ARRAY_SUPERTYPES =
            List.of("java/lang/Object", "java/lang/Cloneable", "java/io/Serializable");

    private final ClassHierarchy hierarchy;

    HierarchyVerifier(ClassHierarchy hierarchy, Type currentClass, Type currentSuperClass, List<Type> interfaces,
            boolean isInterface) {
        super(Opcodes.ASM9, currentClass, currentSuperClass, interfaces, isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isInterface(Type type) {
        return node(type).isInterface();
    }

    @Override
    protected Type getSuperClass(Type type) {
        String superName = node(type).superName();
        return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type, Type other) {
        if (type.equals(other)) {
            return true;
        }
        if (type.getSort() == Type.ARRAY) {
            if (other.getSort() != Type.ARRAY) {
                return false;
            }
            Type element = Type.getType(type.getDescriptor().substring(1));
            Type otherElement = Type.getType(other.getDescriptor().substring(1));
            return isReference(element) && isReference(otherElement)
                    ? isAssignableFrom(element, otherElement) : element.equals(otherElement);
        }
        if (other.getSort() == Type.ARRAY) {
            return ARRAY_SUPERTYPES.contains(type.getInternalName());
        }
        if (other.getSort() != Type.OBJECT || type.getSort() != Type.OBJECT) {
            return false;
        }
        if (node(type).isInterface()) {
            // As the JVM's verifier: any object may be passed where an interface is expected.
            return true;
        }
        Boolean subtype = hierarchy.isSubtype(other.getInternalName(), type.getInternalName());
        if (subtype == null) {
            throw new UnknownTypeException(other.getInternalName() + " or one of its supertypes");
        }
        return subtype;
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("the hierarchy verifier loads no class: " + type);
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    private ClassHierarchy.Node node(Type type) {
        return hierarchy.node(type.getInternalName())
                .orElseThrow(() -> new UnknownTypeException(type.getInternalName()));
    }

    /** A type that is in none of the class files the hierarchy knows. */
    static final class UnknownTypeException extends RuntimeException {
        UnknownTypeException(String type) {
            super("unknown type " + type);
        }
    }
}
