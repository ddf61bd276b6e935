package dev.spillway.agent.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The stack map frames of a method, expanded from the class file's compressed form ({@code F_SAME},
 * {@code F_APPEND}, ...) into full lists of locals and stack, so that the rewrite can add locals to every frame.
 * Locals are in ASM's frame notation: one entry per value, {@code LONG} and {@code DOUBLE} included.
 */
final class ExpandedFrames {
    /** One frame in full. */
    record Full(List<Object> locals, List<Object> stack) {}

    private ExpandedFrames() {}

    /** Every frame node of {@code method}, a method of class {@code owner}, in full. */
    static Map<FrameNode, Full> of(String owner, MethodNode method) {
        Map<FrameNode, Full> frames = new IdentityHashMap<>();
        List<Object> locals = initialLocals(owner, method);
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof FrameNode frame)) {
                continue;
            }
            List<Object> stack;
            switch (frame.type) {
                case Opcodes.F_NEW, Opcodes.F_FULL -> {
                    locals = new ArrayList<>(frame.local);
                    stack = new ArrayList<>(frame.stack);
                }
                case Opcodes.F_SAME -> stack = List.of();
                case Opcodes.F_SAME1 -> stack = List.of(frame.stack.get(0));
                case Opcodes.F_APPEND -> {
                    locals = new ArrayList<>(locals);
                    locals.addAll(frame.local);
                    stack = List.of();
                }
                case Opcodes.F_CHOP -> {
                    int chopped = frame.local.size();
                    if (chopped > locals.size()) {
                        throw new IllegalStateException("a frame chops " + chopped + " of " + locals.size() + " locals");
                    }
                    locals = new ArrayList<>(locals.subList(0, locals.size() - chopped));
                    stack = List.of();
                }
                default -> throw new IllegalStateException("unknown frame type " + frame.type);
            }
            frames.put(frame, new Full(List.copyOf(locals), List.copyOf(stack)));
        }
        return frames;
    }

    /** Slots taken by {@code locals}: two for {@code LONG} and {@code DOUBLE}, one for anything else. */
    static int slots(List<Object> locals) {
        int slots = 0;
        for (Object local : locals) {
            slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
        return slots;
    }

    private static List<Object> initialLocals(String owner, MethodNode method) {
        List<Object> locals = new ArrayList<>();
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            locals.add(method.name.equals("<init>") ? Opcodes.UNINITIALIZED_THIS : owner);
        }
        for (Type type : Type.getArgumentTypes(method.desc)) {
            locals.add(switch (type.getSort()) {
                case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> type.getInternalName();
            });
        }
        return locals;
    }
}
