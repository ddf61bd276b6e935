package dev.spillway.agent.analysis;

import static dev.spillway.agent.analysis.Corpus.detail;
import static dev.spillway.agent.analysis.Corpus.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/** Shapes javac does not emit, or emits only by accident, written with ASM. */
@DisplayName("On hand-built bytecode the escape analysis")
class HandBuiltBytecodeTest {

    private static final String OWNER = "dev/spillway/agent/analysis/corpus/Built";

    /** A class with a static {@code byte[] kept} and one static method {@code (I)V} written by {@code body}. */
    private static List<SiteVerdict> analyse(int maxStack, int maxLocals, Consumer<MethodNode> body) {
        ClassNode owner = new ClassNode();
        owner.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, OWNER, null, "java/lang/Object", null);
        owner.fields.add(new FieldNode(Opcodes.ACC_STATIC, "kept", "[B", null, null));
        MethodNode method = new MethodNode(Opcodes.ACC_STATIC, "built", "(I)V", null, null);
        method.visitCode();
        body.accept(method);
        method.visitMaxs(maxStack, maxLocals);
        method.visitEnd();
        owner.methods.add(method);
        return new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, EscapeAnalyzer.DEFAULT_DEPTH).analyze(owner, method);
    }

    private static void newByteArray(MethodNode m) {
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_BYTE);
    }

    @Nested
    @DisplayName("tracks values through stack shuffles")
    class StackShuffles {

        @Test
        void keepsAnArrayWhoseDup2CopyIsStoredIntoAField() {
            List<SiteVerdict> sites = analyse(4, 1, m -> {
                newByteArray(m);
                m.visitInsn(Opcodes.ACONST_NULL);
                m.visitInsn(Opcodes.DUP2);       // array, null, array, null
                m.visitInsn(Opcodes.POP);        // array, null, array
                m.visitFieldInsn(Opcodes.PUTSTATIC, OWNER, "kept", "[B");
                m.visitInsn(Opcodes.POP2);
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("escapes-field", outcome(sites.getFirst()));
            assertTrue(detail(sites.getFirst()).contains("dev.spillway.agent.analysis.corpus.Built.kept"));
        }

        @Test
        void keepsAnArrayThatSwapMovesUnderTheStoredValue() {
            List<SiteVerdict> sites = analyse(2, 1, m -> {
                m.visitInsn(Opcodes.ACONST_NULL);
                newByteArray(m);
                m.visitInsn(Opcodes.SWAP);       // array, null
                m.visitInsn(Opcodes.POP);
                m.visitFieldInsn(Opcodes.PUTSTATIC, OWNER, "kept", "[B");
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("escapes-field", outcome(sites.getFirst()));
        }

        @Test
        void keepsAnArrayCastToThrowableAndThrown() {
            List<SiteVerdict> sites = analyse(1, 1, m -> {
                newByteArray(m);
                m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Throwable");
                m.visitInsn(Opcodes.ATHROW);
            });
            assertEquals("escapes-throw", outcome(sites.getFirst()));
        }
    }

    @Nested
    @DisplayName("in a loop")
    class InALoop {

        @Test
        void keepsASiteWhosePreviousValueStaysOnTheOperandStack() {
            List<SiteVerdict> sites = analyse(3, 1, m -> {
                Label loop = new Label();
                Label end = new Label();
                m.visitInsn(Opcodes.ACONST_NULL);
                m.visitLabel(loop);
                newByteArray(m);                 // previous, array
                m.visitInsn(Opcodes.SWAP);
                m.visitInsn(Opcodes.POP);        // array: the next iteration starts with it on the stack
                m.visitVarInsn(Opcodes.ILOAD, 0);
                m.visitJumpInsn(Opcodes.IFEQ, end);
                m.visitJumpInsn(Opcodes.GOTO, loop);
                m.visitLabel(end);
                m.visitInsn(Opcodes.POP);
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("loop-carried", outcome(sites.getFirst()));
            assertTrue(detail(sites.getFirst()).contains("operand stack"));
        }
    }

    @Nested
    @DisplayName("gives up without failing")
    class GivesUp {

        @Test
        void onAMethodTooLargeToAnalyse() {
            List<SiteVerdict> sites = analyse(1, 1, m -> {
                for (int i = 0; i < MethodAnalysis.MAX_INSTRUCTIONS; i++) {
                    m.visitInsn(Opcodes.NOP);
                }
                newByteArray(m);
                m.visitInsn(Opcodes.POP);
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("analysis-limit", outcome(sites.getFirst()));
            assertTrue(detail(sites.getFirst()).contains("too large"));
        }

        @Test
        void onBytecodeThatDoesNotVerify() {
            List<SiteVerdict> sites = analyse(2, 1, m -> {
                newByteArray(m);
                m.visitInsn(Opcodes.POP);
                m.visitInsn(Opcodes.POP);        // stack underflow
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("analysis-error", outcome(sites.getFirst()));
        }

        @Test
        void onASiteInUnreachableCode() {
            List<SiteVerdict> sites = analyse(1, 1, m -> {
                m.visitInsn(Opcodes.RETURN);
                newByteArray(m);
                m.visitInsn(Opcodes.POP);
                m.visitInsn(Opcodes.RETURN);
            });
            assertEquals("analysis-limit", outcome(sites.getFirst()));
        }
    }
}
