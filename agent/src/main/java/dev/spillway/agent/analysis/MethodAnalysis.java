package dev.spillway.agent.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * One run of the analysis over one method: origins are propagated to a fixpoint by ASM's
 * {@link Analyzer}, then every instruction that can let a tracked value out is checked against the
 * final frames. The run yields the verdicts of the method's own sites and its {@link MethodSummary}.
 */
final class MethodAnalysis {

    /** Beyond these, frames cost too much memory; such a method keeps its sites. */
    static final int MAX_INSTRUCTIONS = 25_000;
    static final long MAX_FRAME_SLOTS = 4_000_000L;

    private static final String STRING_CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";

    record Result(List<SiteVerdict> verdicts, MethodSummary summary) {
    }

    private final String ownerName;
    private final MethodNode method;
    private final Function<MethodInsnNode, CallEffect> calls;
    private final List<AbstractInsnNode> sites = new ArrayList<>();
    private final List<SiteKind> kinds = new ArrayList<>();
    private final int arguments;
    private final Verdict.Keep[] causes;
    private final boolean[] returned;
    private final boolean[] arrayAccessed;
    private final Map<MethodInsnNode, CallEffect> effects = new IdentityHashMap<>();
    private AbstractInsnNode[] insns;

    private MethodAnalysis(String ownerName, MethodNode method, Function<MethodInsnNode, CallEffect> calls) {
        this.ownerName = ownerName;
        this.method = method;
        this.calls = calls;
        for (AbstractInsnNode insn : method.instructions) {
            SiteKind.of(insn).ifPresent(kind -> {
                sites.add(insn);
                kinds.add(kind);
            });
        }
        this.arguments = Type.getArgumentTypes(method.desc).length + ((method.access & Opcodes.ACC_STATIC) == 0 ? 1 : 0);
        this.causes = new Verdict.Keep[sites.size() + arguments];
        this.returned = new boolean[arguments];
        this.arrayAccessed = new boolean[arguments];
    }

    /**
     * Analyses {@code method} of class {@code ownerName} (internal name). {@code calls} gives the effect
     * of a call instruction that some tracked value flows into; it is asked at most once per instruction.
     */
    static Result run(String ownerName, MethodNode method, Function<MethodInsnNode, CallEffect> calls) {
        MethodAnalysis analysis = new MethodAnalysis(ownerName, method, calls);
        try {
            return analysis.analyse();
        } catch (AnalyzerException | RuntimeException e) {
            String how = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return analysis.giveUp(new Verdict.Keep(KeepReason.ANALYSIS_ERROR, how));
        }
    }

    /** Whether {@code method} has allocation sites at all; the cheap test before a full run. */
    static boolean hasSites(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (SiteKind.of(insn).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Result giveUp(Verdict.Keep why) {
        List<SiteVerdict> verdicts = new ArrayList<>(sites.size());
        for (int s = 0; s < sites.size(); s++) {
            verdicts.add(new SiteVerdict(sites.get(s), kinds.get(s), why));
        }
        return new Result(verdicts, MethodSummary.everythingEscapes(arguments, why, true));
    }

    private Result analyse() throws AnalyzerException {
        int size = method.instructions.size();
        if (size > MAX_INSTRUCTIONS || (long) size * (method.maxLocals + method.maxStack) > MAX_FRAME_SLOTS) {
            return giveUp(new Verdict.Keep(KeepReason.ANALYSIS_LIMIT, "method too large: " + size + " instructions"));
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                // Subroutines share locals between callers; not worth modelling for pre-Java-6 class files.
                return giveUp(new Verdict.Keep(KeepReason.ANALYSIS_LIMIT, "jsr/ret subroutines"));
            }
        }
        insns = method.instructions.toArray();
        Map<AbstractInsnNode, Integer> siteOrigins = new IdentityHashMap<>();
        for (int s = 0; s < sites.size(); s++) {
            siteOrigins.put(sites.get(s), s);
        }
        ControlFlow flow = new ControlFlow(size);
        Analyzer<TrackedValue> analyzer = new Analyzer<>(new OriginInterpreter(siteOrigins, parameterOrigins(), this::returnAlias)) {
            @Override
            protected void newControlFlowEdge(int insnIndex, int successorIndex) {
                flow.addNormal(insnIndex, successorIndex);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insnIndex, int successorIndex) {
                flow.addExceptional(insnIndex, successorIndex);
                return true;
            }
        };
        Frame<TrackedValue>[] frames = analyzer.analyze(ownerName, method);

        HasArrayGuards guards = null;
        for (int i = 0; i < insns.length; i++) {
            Frame<TrackedValue> frame = frames[i];
            if (frame != null) {
                if (checkInstruction(i, frame) && guards == null) {
                    guards = HasArrayGuards.of(method.instructions, flow);
                }
            }
        }
        if (guards != null) {
            checkArrayAccesses(frames, guards);
        }
        checkLoopCarried(frames, flow);
        return result();
    }

    private int[] parameterOrigins() {
        int[] originOfLocal = new int[Math.max(method.maxLocals, 1)];
        Arrays.fill(originOfLocal, -1);
        int local = 0;
        int argument = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            setOrigin(originOfLocal, local++, sites.size() + argument++);
        }
        for (Type type : Type.getArgumentTypes(method.desc)) {
            setOrigin(originOfLocal, local, sites.size() + argument++);
            local += type.getSize();
        }
        return originOfLocal;
    }

    private static void setOrigin(int[] originOfLocal, int local, int origin) {
        if (local < originOfLocal.length) {
            originOfLocal[local] = origin;
        }
    }

    private CallEffect effectOf(MethodInsnNode call) {
        return effects.computeIfAbsent(call, calls);
    }

    private TrackedValue returnAlias(MethodInsnNode call, List<? extends TrackedValue> values) {
        TrackedValue result = null;
        for (int p = 0; p < values.size(); p++) {
            if (values.get(p).tracked()) {
                CallEffect effect = effectOf(call);
                if (p < effect.returned().length && effect.returned()[p]) {
                    result = result == null ? values.get(p) : result.union(values.get(p));
                }
            }
        }
        return result;
    }

    /** Checks instruction {@code i}; true when it is an array()/arrayOffset() call on a tracked buffer. */
    private boolean checkInstruction(int i, Frame<TrackedValue> frame) {
        AbstractInsnNode insn = insns[i];
        switch (insn.getOpcode()) {
            case Opcodes.ARETURN -> {
                BitSet origins = top(frame, 0).origins();
                for (int o = origins.nextSetBit(0); o >= 0; o = origins.nextSetBit(o + 1)) {
                    if (o < sites.size()) {
                        keep(o, KeepReason.ESCAPES_RETURN, "returned" + at(i));
                    } else {
                        returned[o - sites.size()] = true;
                    }
                }
            }
            case Opcodes.ATHROW -> keepAll(top(frame, 0), KeepReason.ESCAPES_THROW, "thrown" + at(i));
            case Opcodes.MONITORENTER, Opcodes.MONITOREXIT ->
                    keepAll(top(frame, 0), KeepReason.ESCAPES_MONITOR, "used as a monitor" + at(i));
            case Opcodes.PUTFIELD, Opcodes.PUTSTATIC -> {
                FieldInsnNode field = (FieldInsnNode) insn;
                keepAll(top(frame, 0), KeepReason.ESCAPES_FIELD,
                        "stored into field " + dotted(field.owner) + "." + field.name + at(i));
            }
            case Opcodes.AASTORE -> keepAll(top(frame, 0), KeepReason.ESCAPES_ARRAY, "stored into an array element" + at(i));
            case Opcodes.INVOKEDYNAMIC -> {
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                // String concatenation only calls String.valueOf on its arguments: byte[] and ByteBuffer are JDK types.
                if (!indy.bsm.getOwner().equals(STRING_CONCAT_FACTORY)) {
                    int count = Type.getArgumentTypes(indy.desc).length;
                    for (int a = 0; a < count; a++) {
                        keepAll(top(frame, count - 1 - a), KeepReason.ESCAPES_LAMBDA,
                                "captured by invokedynamic " + indy.name + indy.desc + at(i));
                    }
                }
            }
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKESTATIC, Opcodes.INVOKEINTERFACE -> {
                return checkCall(i, (MethodInsnNode) insn, frame);
            }
            default -> {
            }
        }
        return false;
    }

    private boolean checkCall(int i, MethodInsnNode call, Frame<TrackedValue> frame) {
        int count = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        boolean anyTracked = false;
        for (int p = 0; p < count; p++) {
            anyTracked |= top(frame, count - 1 - p).tracked();
        }
        if (!anyTracked) {
            return false;
        }
        CallEffect effect = effectOf(call);
        for (int p = 0; p < count; p++) {
            TrackedValue value = top(frame, count - 1 - p);
            if (!value.tracked()) {
                continue;
            }
            Verdict.Keep escape = effect.escapes()[p];
            if (escape != null) {
                keepAll(value, escape.reason(), escape.detail() + at(i));
            }
            if (effect.arrayAccessed()[p]) {
                markArrayAccessed(value, "array() may be taken in " + describe(call) + at(i));
            }
        }
        return JdkWhitelist.isArrayAccess(call) && top(frame, 0).tracked();
    }

    private void checkArrayAccesses(Frame<TrackedValue>[] frames, HasArrayGuards guards) {
        for (int i = 0; i < insns.length; i++) {
            if (frames[i] != null && insns[i] instanceof MethodInsnNode call && JdkWhitelist.isArrayAccess(call)) {
                TrackedValue receiver = top(frames[i], 0);
                if (receiver.tracked() && !guards.isGuarded(insns, i)) {
                    markArrayAccessed(receiver, call.name + "() called without a hasArray() guard" + at(i));
                }
            }
        }
    }

    private void markArrayAccessed(TrackedValue value, String detail) {
        BitSet origins = value.origins();
        for (int o = origins.nextSetBit(0); o >= 0; o = origins.nextSetBit(o + 1)) {
            if (o >= sites.size()) {
                arrayAccessed[o - sites.size()] = true;
            } else if (kinds.get(o).isBuffer()) {
                keep(o, KeepReason.ARRAY_ACCESSED, detail);
            }
        }
    }

    /**
     * The rewrite gives the previous iteration's value back when a site runs again, so at the site no
     * value from it may be on the stack or in a local that is still read later.
     */
    private void checkLoopCarried(Frame<TrackedValue>[] frames, ControlFlow flow) {
        Liveness liveness = null;
        for (int s = 0; s < sites.size(); s++) {
            int i = method.instructions.indexOf(sites.get(s));
            Frame<TrackedValue> frame = frames[i];
            if (frame == null) {
                keep(s, KeepReason.ANALYSIS_LIMIT, "unreachable code, no frame");
                continue;
            }
            for (int d = 0; d < frame.getStackSize(); d++) {
                if (frame.getStack(d).mayBe(s)) {
                    keep(s, KeepReason.LOOP_CARRIED, "the previous iteration's value may still be on the operand stack" + at(i));
                }
            }
            for (int local = 0; local < frame.getLocals(); local++) {
                if (frame.getLocal(local).mayBe(s)) {
                    if (liveness == null) {
                        liveness = Liveness.of(method.instructions, flow);
                    }
                    if (liveness.isLiveAt(i, local)) {
                        keep(s, KeepReason.LOOP_CARRIED,
                                "the previous iteration's value may still be live in " + localName(local, i) + at(i));
                    }
                }
            }
        }
    }

    private Result result() {
        List<SiteVerdict> verdicts = new ArrayList<>(sites.size());
        for (int s = 0; s < sites.size(); s++) {
            Verdict verdict = causes[s] != null ? causes[s] : new Verdict.Redirect(Tier.of(kinds.get(s)));
            verdicts.add(new SiteVerdict(sites.get(s), kinds.get(s), verdict));
        }
        Verdict.Keep[] escapes = new Verdict.Keep[arguments];
        System.arraycopy(causes, sites.size(), escapes, 0, arguments);
        return new Result(verdicts, new MethodSummary(escapes, returned, arrayAccessed, true));
    }

    private void keepAll(TrackedValue value, KeepReason reason, String detail) {
        BitSet origins = value.origins();
        for (int o = origins.nextSetBit(0); o >= 0; o = origins.nextSetBit(o + 1)) {
            keep(o, reason, detail);
        }
    }

    private void keep(int origin, KeepReason reason, String detail) {
        Verdict.Keep current = causes[origin];
        if (current == null || reason.ordinal() < current.reason().ordinal()) {
            causes[origin] = new Verdict.Keep(reason, detail);
        }
    }

    private static TrackedValue top(Frame<TrackedValue> frame, int depth) {
        return frame.getStack(frame.getStackSize() - 1 - depth);
    }

    private String at(int index) {
        for (int j = index; j >= 0; j--) {
            if (insns[j] instanceof LineNumberNode line) {
                return " (line " + line.line + ")";
            }
        }
        return "";
    }

    private String localName(int local, int index) {
        if (method.localVariables != null) {
            for (LocalVariableNode variable : method.localVariables) {
                if (variable.index == local
                        && method.instructions.indexOf(variable.start) <= index
                        && index < method.instructions.indexOf(variable.end)) {
                    return "local '" + variable.name + "'";
                }
            }
        }
        return "local #" + local;
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    /** {@code com.acme.Sink.keep([B)V}: how details name a method. */
    static String describe(MethodInsnNode call) {
        return dotted(call.owner) + "." + call.name + call.desc;
    }

    static String describe(String owner, MethodNode method) {
        return dotted(owner) + "." + method.name + method.desc;
    }
}
