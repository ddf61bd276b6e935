package dev.spillway.reliability.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Verifies one class file without a JVM: ASM's {@link CheckClassAdapter} with data-flow checks (structure, and the
 * stack map frames against the code) and then, method by method, ASM's {@link Analyzer} with the
 * {@link HierarchyVerifier}, which type-checks every instruction against the library's class hierarchy.
 */
final class ClassCheck {
    private ClassCheck() {
    }

    /** The first problem found, or empty when the class verifies. */
    static Optional<String> problem(byte[] classFile, ClassHierarchy hierarchy) {
        ClassNode node = new ClassNode();
        try {
            new ClassReader(classFile).accept(new CheckClassAdapter(node, true), ClassReader.EXPAND_FRAMES);
        } catch (RuntimeException e) {
            return Optional.of("structure: " + e);
        }
        Type superType = node.superName == null ? null : Type.getObjectType(node.superName);
        List<Type> interfaces = new ArrayList<>();
        node.interfaces.forEach(name -> interfaces.add(Type.getObjectType(name)));
        boolean isInterface = (node.access & Opcodes.ACC_INTERFACE) != 0;
        for (MethodNode method : node.methods) {
            if (method.instructions.size() == 0) {
                continue;
            }
            Analyzer<BasicValue> analyzer = new Analyzer<>(new HierarchyVerifier(hierarchy,
                    Type.getObjectType(node.name), superType, interfaces, isInterface));
            try {
                analyzer.analyze(node.name, method);
            } catch (AnalyzerException | RuntimeException e) {
                return Optional.of(method.name + method.desc + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
