package dev.spillway.agent.analysis;

import java.util.Objects;
import org.objectweb.asm.tree.AbstractInsnNode;

/**
 * The verdict for one allocation site.
 *
 * @param instruction the {@code NEWARRAY T_BYTE} or {@code INVOKESTATIC ByteBuffer.allocate[Direct]}
 *                    instruction of the analysed {@code MethodNode}; the rewriter replaces exactly this node
 * @param kind        what the site allocates
 * @param verdict     redirect or keep
 */
public record SiteVerdict(AbstractInsnNode instruction, SiteKind kind, Verdict verdict) {
    public SiteVerdict {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Whether the rewrite may redirect this site. */
    public boolean redirected() {
        return verdict instanceof Verdict.Redirect;
    }
}
