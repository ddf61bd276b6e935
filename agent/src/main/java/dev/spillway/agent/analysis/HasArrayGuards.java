package dev.spillway.agent.analysis;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Proves {@code array()} calls guarded: a forward must-analysis of the local slots that hold a buffer
 * whose {@code hasArray()} returned true. Only the shape javac emits is recognised
 * ({@code aload x; invokevirtual hasArray; ifeq/ifne}, and later {@code aload x; invokevirtual array}
 * with no store to {@code x} on any path between); any other shape counts as unguarded, which keeps the site.
 * A redirected buffer is direct, so its {@code hasArray()} is false and the guarded branch never runs for it.
 */
final class HasArrayGuards {

    private final BitSet[] guardedBefore;

    private HasArrayGuards(BitSet[] guardedBefore) {
        this.guardedBefore = guardedBefore;
    }

    static HasArrayGuards of(InsnList instructions, ControlFlow flow) {
        AbstractInsnNode[] insns = instructions.toArray();
        int n = flow.size();
        BitSet[] in = new BitSet[n];
        if (n == 0) {
            return new HasArrayGuards(in);
        }
        in[0] = new BitSet();
        Deque<Integer> pending = new ArrayDeque<>();
        pending.add(0);
        while (!pending.isEmpty()) {
            int i = pending.poll();
            BitSet before = in[i];
            BitSet after = (BitSet) before.clone();
            kill(insns[i], after);
            int guardedLocal = guardTestedBy(insns, i);
            int jumpTarget = insns[i] instanceof JumpInsnNode jump ? instructions.indexOf(jump.label) : -1;
            for (int successor : flow.normalSuccessors(i)) {
                BitSet fact = after;
                if (guardedLocal >= 0 && jumpTarget != i + 1) {
                    boolean trueEdge = insns[i].getOpcode() == Opcodes.IFEQ ? successor != jumpTarget : successor == jumpTarget;
                    if (trueEdge) {
                        fact = (BitSet) after.clone();
                        fact.set(guardedLocal);
                    }
                }
                if (meet(in, successor, fact)) {
                    pending.add(successor);
                }
            }
            for (int handler : flow.exceptionalSuccessors(i)) {
                if (meet(in, handler, before)) {
                    pending.add(handler);
                }
            }
        }
        return new HasArrayGuards(in);
    }

    private static boolean meet(BitSet[] in, int index, BitSet fact) {
        if (in[index] == null) {
            in[index] = (BitSet) fact.clone();
            return true;
        }
        BitSet met = (BitSet) in[index].clone();
        met.and(fact);
        if (met.equals(in[index])) {
            return false;
        }
        in[index] = met;
        return true;
    }

    private static void kill(AbstractInsnNode insn, BitSet guarded) {
        if (insn instanceof VarInsnNode var) {
            switch (var.getOpcode()) {
                case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> guarded.clear(var.var);
                case Opcodes.LSTORE, Opcodes.DSTORE -> guarded.clear(var.var, var.var + 2);
                default -> {
                }
            }
        } else if (insn.getOpcode() == Opcodes.IINC) {
            guarded.clear(((IincInsnNode) insn).var);
        }
    }

    /** The local whose buffer instruction {@code i} (an IFEQ/IFNE) tests with hasArray(), or -1. */
    private static int guardTestedBy(AbstractInsnNode[] insns, int i) {
        int opcode = insns[i].getOpcode();
        if (opcode != Opcodes.IFEQ && opcode != Opcodes.IFNE) {
            return -1;
        }
        int test = previousAdjacent(insns, i);
        if (test < 0 || !(insns[test] instanceof MethodInsnNode call) || !JdkWhitelist.isHasArray(call)) {
            return -1;
        }
        return loadedLocal(insns, test);
    }

    /**
     * The local slot an {@code aload} directly before instruction {@code i} reads, or -1. "Directly" allows
     * line numbers and frames in between, not labels: a label may be the target of a jump with another
     * value on the stack.
     */
    static int loadedLocal(AbstractInsnNode[] insns, int i) {
        int load = previousAdjacent(insns, i);
        if (load >= 0 && insns[load].getOpcode() == Opcodes.ALOAD) {
            return ((VarInsnNode) insns[load]).var;
        }
        return -1;
    }

    private static int previousAdjacent(AbstractInsnNode[] insns, int i) {
        for (int j = i - 1; j >= 0; j--) {
            AbstractInsnNode insn = insns[j];
            if (insn.getType() == AbstractInsnNode.LINE || insn.getType() == AbstractInsnNode.FRAME) {
                continue;
            }
            return insn.getType() == AbstractInsnNode.LABEL ? -1 : j;
        }
        return -1;
    }

    /** Whether the receiver of the array()/arrayOffset() call at {@code index} is proven to have an array. */
    boolean isGuarded(AbstractInsnNode[] insns, int index) {
        int load = previousAdjacent(insns, index);
        if (load < 0 || insns[load].getOpcode() != Opcodes.ALOAD || guardedBefore[load] == null) {
            return false;
        }
        return guardedBefore[load].get(((VarInsnNode) insns[load]).var);
    }
}
