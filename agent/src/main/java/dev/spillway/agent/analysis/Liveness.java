package dev.spillway.agent.analysis;

import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local slots may still be read before being overwritten: classic backward liveness over the
 * recorded control flow. An exception edge makes the handler's live slots live before the instruction,
 * because the instruction may throw before it writes anything.
 */
final class Liveness {

    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    static Liveness of(InsnList instructions, ControlFlow flow) {
        int n = flow.size();
        BitSet[] liveIn = new BitSet[n];
        for (int i = 0; i < n; i++) {
            liveIn[i] = new BitSet();
        }
        AbstractInsnNode[] insns = instructions.toArray();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int successor : flow.normalSuccessors(i)) {
                    live.or(liveIn[successor]);
                }
                kill(insns[i], live);
                use(insns[i], live);
                for (int handler : flow.exceptionalSuccessors(i)) {
                    live.or(liveIn[handler]);
                }
                if (!live.equals(liveIn[i])) {
                    liveIn[i] = live;
                    changed = true;
                }
            }
        }
        return new Liveness(liveIn);
    }

    private static void kill(AbstractInsnNode insn, BitSet live) {
        if (insn instanceof VarInsnNode var) {
            switch (var.getOpcode()) {
                case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> live.clear(var.var);
                case Opcodes.LSTORE, Opcodes.DSTORE -> live.clear(var.var, var.var + 2);
                default -> {
                }
            }
        }
    }

    private static void use(AbstractInsnNode insn, BitSet live) {
        if (insn instanceof VarInsnNode var) {
            switch (var.getOpcode()) {
                case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD, Opcodes.RET -> live.set(var.var);
                case Opcodes.LLOAD, Opcodes.DLOAD -> live.set(var.var, var.var + 2);
                default -> {
                }
            }
        } else if (insn instanceof IincInsnNode iinc) {
            live.set(iinc.var);
        }
    }

    /** Whether {@code local} may be read, on some path, before it is written, from instruction {@code index} on. */
    boolean isLiveAt(int index, int local) {
        return liveIn[index].get(local);
    }
}
