package dev.spillway.agent.rewrite;

import dev.spillway.agent.runtime.RedirectRuntime;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.sites.SiteKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites the redirected sites of one method so that their values come from {@link RedirectRuntime} and go back
 * to it when the method exits.
 *
 * <p>For {@code k} redirected sites the method gets {@code k} hidden locals after its own, each holding what its
 * site was last given in this invocation:
 * <ol>
 *   <li>at entry, every hidden local is set to null;</li>
 *   <li>the site instruction becomes {@code aload h; ldc site; invokestatic RedirectRuntime.array|heapBuffer|
 *       directBuffer; dup; astore h; invokestatic arrayOf|bufferOf}: the runtime gives back {@code h}'s previous
 *       value (a loop holds one value per site) and lends a new one, or returns a plain one;</li>
 *   <li>before every return, every hidden local is released;</li>
 *   <li>a catch-all handler, last in the exception table and covering the whole body (in a constructor, the body
 *       after {@code super(...)}), releases them and rethrows.</li>
 * </ol>
 * Release is idempotent, so a value released at a return and again by the handler goes back once. The inserted
 * code has no branches: the only new stack map frame is the handler's, and every existing frame gets the hidden
 * locals as {@code java/lang/Object} (which is why frames are expanded first).
 *
 * <p>{@link #rewrite} checks everything it needs before it changes anything: when it throws, the method is as
 * it was.
 */
public final class RedirectRewriter {
    private static final String OBJECT = "java/lang/Object";

    /**
     * A site to redirect.
     *
     * @param instruction the {@code NEWARRAY} or {@code INVOKESTATIC ByteBuffer.allocate[Direct]} node
     * @param kind what it allocates
     * @param index its number in the agent's registry
     */
    public record Target(AbstractInsnNode instruction, SiteKind kind, int index) {}

    /**
     * Why the sites of {@code method} cannot be rewritten even when proven, or null when they can. Only
     * constructors have such reasons (see {@link ConstructorStart}); a constructor's sites before its
     * {@code super(...)} call are never rewritten, which {@link #rewrite} checks.
     */
    public static String obstacle(ClassNode owner, MethodNode method) {
        if (!method.name.equals("<init>")) {
            return null;
        }
        try {
            ConstructorStart.of(owner.name, method);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** Whether {@code instruction} of constructor {@code method} runs before {@code this} is initialized. */
    public static boolean beforeConstructorStart(ClassNode owner, MethodNode method, AbstractInsnNode instruction) {
        if (!method.name.equals("<init>")) {
            return false;
        }
        MethodInsnNode start = ConstructorStart.of(owner.name, method);
        return method.instructions.indexOf(instruction) < method.instructions.indexOf(start);
    }

    /**
     * Rewrites {@code targets}, sites of {@code method} in class {@code owner}.
     *
     * @throws IllegalStateException when the method cannot be rewritten; it is then unchanged
     */
    public void rewrite(ClassNode owner, MethodNode method, List<Target> targets) {
        if (targets.isEmpty()) {
            return;
        }
        InsnList code = method.instructions;
        Set<AbstractInsnNode> seen = new HashSet<>();
        for (Target target : targets) {
            if (!code.contains(target.instruction()) || !seen.add(target.instruction())) {
                throw new IllegalStateException("a target is not an instruction of " + method.name + method.desc);
            }
            if (target.kind() != SiteFinder.kindOf(target.instruction())) {
                throw new IllegalStateException("a target is not a " + target.kind() + " site");
            }
        }
        AbstractInsnNode coveredFrom = null;
        if (method.name.equals("<init>")) {
            coveredFrom = ConstructorStart.of(owner.name, method);
            int start = code.indexOf(coveredFrom);
            for (Target target : targets) {
                if (code.indexOf(target.instruction()) < start) {
                    throw new IllegalStateException("a site before the super constructor call cannot be redirected");
                }
            }
        }
        int version = owner.version & 0xFFFF;
        Map<FrameNode, ExpandedFrames.Full> frames = version >= Opcodes.V1_6 ? ExpandedFrames.of(owner.name, method) : Map.of();
        boolean writeFrames = version > Opcodes.V1_6 || !frames.isEmpty();
        int firstHidden = method.maxLocals;
        for (ExpandedFrames.Full frame : frames.values()) {
            if (ExpandedFrames.slots(frame.locals()) > firstHidden) {
                throw new IllegalStateException("a frame has more locals than the method");
            }
        }

        // From here on nothing is checked any more: the method is changed.
        int hidden = targets.size();
        for (Map.Entry<FrameNode, ExpandedFrames.Full> entry : frames.entrySet()) {
            ExpandedFrames.Full full = entry.getValue();
            code.set(entry.getKey(), fullFrame(withHidden(full.locals(), firstHidden, hidden), full.stack()));
        }
        InsnList entry = new InsnList();
        for (int h = 0; h < hidden; h++) {
            entry.add(new InsnNode(Opcodes.ACONST_NULL));
            entry.add(new VarInsnNode(Opcodes.ASTORE, firstHidden + h));
        }
        LabelNode coveredStart = new LabelNode();
        if (coveredFrom == null) {
            entry.add(coveredStart);
            code.insert(entry);
        } else {
            code.insert(entry);
            code.insert(coveredFrom, coveredStart);
        }
        for (int h = 0; h < hidden; h++) {
            Target target = targets.get(h);
            code.insert(target.instruction(), lend(target, firstHidden + h));
            code.remove(target.instruction());
        }
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
                code.insertBefore(insn, releaseAll(firstHidden, hidden));
            }
        }
        LabelNode coveredEnd = new LabelNode();
        LabelNode handler = new LabelNode();
        code.add(coveredEnd);
        code.add(handler);
        if (writeFrames) {
            code.add(fullFrame(withHidden(List.of(), firstHidden, hidden), List.of("java/lang/Throwable")));
        }
        code.add(releaseAll(firstHidden, hidden));
        code.add(new InsnNode(Opcodes.ATHROW));
        method.tryCatchBlocks.add(new TryCatchBlockNode(coveredStart, coveredEnd, handler, null));
        method.maxLocals = firstHidden + hidden;
    }

    private static FrameNode fullFrame(List<Object> locals, List<Object> stack) {
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.size(), stack.toArray());
    }

    /** {@code locals} padded with {@code TOP} to {@code firstHidden} slots, then {@code hidden} objects. */
    private static List<Object> withHidden(List<Object> locals, int firstHidden, int hidden) {
        List<Object> padded = new ArrayList<>(locals);
        for (int slot = ExpandedFrames.slots(locals); slot < firstHidden; slot++) {
            padded.add(Opcodes.TOP);
        }
        for (int h = 0; h < hidden; h++) {
            padded.add(OBJECT);
        }
        return padded;
    }

    private static InsnList lend(Target target, int local) {
        String lend = switch (target.kind()) {
            case NEW_BYTE_ARRAY -> "array";
            case HEAP_BUFFER -> "heapBuffer";
            case DIRECT_BUFFER -> "directBuffer";
        };
        boolean array = target.kind() == SiteKind.NEW_BYTE_ARRAY;
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, local));
        code.add(new LdcInsnNode(target.index()));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RedirectRuntime.INTERNAL_NAME, lend,
                RedirectRuntime.LEND_DESCRIPTOR, false));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new VarInsnNode(Opcodes.ASTORE, local));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RedirectRuntime.INTERNAL_NAME, array ? "arrayOf" : "bufferOf",
                array ? RedirectRuntime.ARRAY_OF_DESCRIPTOR : RedirectRuntime.BUFFER_OF_DESCRIPTOR, false));
        return code;
    }

    private static InsnList releaseAll(int firstHidden, int hidden) {
        InsnList code = new InsnList();
        for (int h = 0; h < hidden; h++) {
            code.add(new VarInsnNode(Opcodes.ALOAD, firstHidden + h));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RedirectRuntime.INTERNAL_NAME, "release",
                    RedirectRuntime.RELEASE_DESCRIPTOR, false));
        }
        return code;
    }

}
