package dev.spillway.agent.analysis;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Propagates origin sets through the method. Only copies keep origins: loads, stores, {@code DUP*},
 * {@code SWAP}, {@code CHECKCAST}, and the calls {@link ReturnAliasing} says return an argument.
 * Everything else yields an untracked value; whether a tracked value escapes is decided afterwards,
 * from the final frames, by {@link MethodAnalysis}.
 */
final class OriginInterpreter extends Interpreter<TrackedValue> {

    /** How a call's result relates to its arguments. */
    interface ReturnAliasing {
        /** The result of {@code call} given its argument values (receiver first), or null for untracked. */
        TrackedValue result(MethodInsnNode call, List<? extends TrackedValue> arguments);
    }

    private final Map<AbstractInsnNode, Integer> siteOrigins;
    private final int[] originOfLocal;
    private final ReturnAliasing aliasing;

    /**
     * @param originOfLocal for each parameter local slot, its origin, or -1 (the second slot of a long)
     */
    OriginInterpreter(Map<AbstractInsnNode, Integer> siteOrigins, int[] originOfLocal, ReturnAliasing aliasing) {
        super(Opcodes.ASM9);
        this.siteOrigins = siteOrigins;
        this.originOfLocal = originOfLocal;
        this.aliasing = aliasing;
    }

    @Override
    public TrackedValue newValue(Type type) {
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return TrackedValue.untracked(type == null ? 1 : type.getSize());
    }

    @Override
    public TrackedValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        int sort = type.getSort();
        if ((sort == Type.OBJECT || sort == Type.ARRAY) && local < originOfLocal.length && originOfLocal[local] >= 0) {
            return TrackedValue.of(originOfLocal[local]);
        }
        return newValue(type);
    }

    @Override
    public TrackedValue newExceptionValue(TryCatchBlockNode tryCatch, Frame<TrackedValue> handlerFrame, Type exceptionType) {
        // A caught exception is never one of our arrays or buffers; an `athrow` of a tracked value is the escape.
        return TrackedValue.UNTRACKED_1;
    }

    @Override
    public TrackedValue newOperation(AbstractInsnNode insn) {
        return switch (insn.getOpcode()) {
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> TrackedValue.UNTRACKED_2;
            case Opcodes.LDC -> TrackedValue.untracked(constantSize(((LdcInsnNode) insn).cst));
            case Opcodes.GETSTATIC -> TrackedValue.untracked(Type.getType(((FieldInsnNode) insn).desc).getSize());
            default -> TrackedValue.UNTRACKED_1;
        };
    }

    private static int constantSize(Object constant) {
        if (constant instanceof Long || constant instanceof Double) {
            return 2;
        }
        if (constant instanceof ConstantDynamic dynamic) {
            return dynamic.getSize();
        }
        return 1;
    }

    @Override
    public TrackedValue copyOperation(AbstractInsnNode insn, TrackedValue value) {
        return value;
    }

    @Override
    public TrackedValue unaryOperation(AbstractInsnNode insn, TrackedValue value) {
        return switch (insn.getOpcode()) {
            case Opcodes.NEWARRAY -> {
                Integer site = siteOrigins.get(insn);
                yield site == null ? TrackedValue.UNTRACKED_1 : TrackedValue.of(site);
            }
            case Opcodes.CHECKCAST -> value.withSize(1);
            case Opcodes.LNEG, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D, Opcodes.D2L ->
                    TrackedValue.UNTRACKED_2;
            case Opcodes.GETFIELD -> TrackedValue.untracked(Type.getType(((FieldInsnNode) insn).desc).getSize());
            default -> TrackedValue.UNTRACKED_1;
        };
    }

    @Override
    public TrackedValue binaryOperation(AbstractInsnNode insn, TrackedValue value1, TrackedValue value2) {
        return switch (insn.getOpcode()) {
            case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB,
                 Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM,
                 Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR ->
                    TrackedValue.UNTRACKED_2;
            default -> TrackedValue.UNTRACKED_1;
        };
    }

    @Override
    public TrackedValue ternaryOperation(AbstractInsnNode insn, TrackedValue value1, TrackedValue value2, TrackedValue value3) {
        return null;
    }

    @Override
    public TrackedValue naryOperation(AbstractInsnNode insn, List<? extends TrackedValue> values) {
        if (insn instanceof MethodInsnNode call) {
            Integer site = siteOrigins.get(insn);
            if (site != null) {
                return TrackedValue.of(site);
            }
            Type returnType = Type.getReturnType(call.desc);
            if (returnType == Type.VOID_TYPE) {
                return null;
            }
            int sort = returnType.getSort();
            if (sort != Type.OBJECT && sort != Type.ARRAY) {
                return TrackedValue.untracked(returnType.getSize());
            }
            TrackedValue aliased = aliasing.result(call, values);
            return aliased != null ? aliased.withSize(1) : TrackedValue.UNTRACKED_1;
        }
        if (insn instanceof InvokeDynamicInsnNode indy) {
            Type returnType = Type.getReturnType(indy.desc);
            return returnType == Type.VOID_TYPE ? null : TrackedValue.untracked(returnType.getSize());
        }
        return TrackedValue.UNTRACKED_1;
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, TrackedValue value, TrackedValue expected) {
        // Returning is judged from the final frames.
    }

    @Override
    public TrackedValue merge(TrackedValue value1, TrackedValue value2) {
        if (value1.equals(value2)) {
            return value1;
        }
        return value1.union(value2);
    }
}
