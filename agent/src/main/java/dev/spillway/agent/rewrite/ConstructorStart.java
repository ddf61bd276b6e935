package dev.spillway.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Where a constructor's {@code this} becomes initialized: the one {@code invokespecial <init>} on the
 * uninitialized receiver ({@code super(...)} or {@code this(...)}). The rewrite's catch-all handler may only
 * cover code after it, because a handler over code with an uninitialized {@code this} does not verify; so sites
 * before it are not redirected.
 */
final class ConstructorStart {
    private ConstructorStart() {}

    /**
     * The instruction that initializes {@code this} in constructor {@code method} of class {@code owner}, when
     * every later instruction is reached only through it: exactly one such call, no jump or handler from before it
     * into code after it.
     *
     * @throws IllegalStateException with the reason when the constructor has no such shape
     */
    static MethodInsnNode of(String owner, MethodNode method) {
        List<MethodInsnNode> calls = new ArrayList<>();
        BasicValue uninitializedThis = new BasicValue(Type.getObjectType("spillway/uninitialized-this"));
        BasicInterpreter interpreter = new BasicInterpreter(Opcodes.ASM9) {
            @Override
            public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
                return isInstanceMethod && local == 0 ? uninitializedThis : super.newParameterValue(isInstanceMethod, local, type);
            }

            @Override
            public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values)
                    throws AnalyzerException {
                if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                        && call.name.equals("<init>") && values.get(0) == uninitializedThis && !calls.contains(call)) {
                    calls.add(call);
                }
                return super.naryOperation(insn, values);
            }
        };
        try {
            new Analyzer<>(interpreter).analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("the constructor could not be analysed: " + e.getMessage(), e);
        }
        if (calls.size() != 1) {
            throw new IllegalStateException("the constructor initializes this at " + calls.size() + " places");
        }
        MethodInsnNode call = calls.get(0);
        int at = method.instructions.indexOf(call);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (method.instructions.indexOf(block.start) <= at) {
                throw new IllegalStateException("an exception handler covers the super constructor call");
            }
        }
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != call; insn = insn.getNext()) {
            for (LabelNode target : targets(insn)) {
                if (method.instructions.indexOf(target) > at) {
                    throw new IllegalStateException("code before the super constructor call jumps past it");
                }
            }
        }
        return call;
    }

    private static List<LabelNode> targets(AbstractInsnNode insn) {
        if (insn instanceof JumpInsnNode jump) {
            return List.of(jump.label);
        }
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof TableSwitchInsnNode table) {
            targets.add(table.dflt);
            targets.addAll(table.labels);
        } else if (insn instanceof LookupSwitchInsnNode lookup) {
            targets.add(lookup.dflt);
            targets.addAll(lookup.labels);
        }
        return targets;
    }
}
