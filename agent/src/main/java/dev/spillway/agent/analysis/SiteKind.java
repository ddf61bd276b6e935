package dev.spillway.agent.analysis;

import java.util.Optional;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * What an allocation site allocates. {@link #name()} is the {@code kind} token of docs/EVENTS.md.
 */
public enum SiteKind {
    /** {@code NEWARRAY T_BYTE}: {@code new byte[n]}. */
    NEW_BYTE_ARRAY,
    /** {@code INVOKESTATIC java/nio/ByteBuffer.allocate(I)}. */
    HEAP_BUFFER,
    /** {@code INVOKESTATIC java/nio/ByteBuffer.allocateDirect(I)}. */
    DIRECT_BUFFER;

    private static final String BUFFER_FACTORY_DESCRIPTOR = "(I)Ljava/nio/ByteBuffer;";

    /**
     * The kind of site {@code instruction} is, or empty when it is not an allocation site.
     */
    public static Optional<SiteKind> of(AbstractInsnNode instruction) {
        if (instruction instanceof IntInsnNode newArray
                && newArray.getOpcode() == Opcodes.NEWARRAY
                && newArray.operand == Opcodes.T_BYTE) {
            return Optional.of(NEW_BYTE_ARRAY);
        }
        if (instruction instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESTATIC
                && call.owner.equals("java/nio/ByteBuffer")
                && call.desc.equals(BUFFER_FACTORY_DESCRIPTOR)) {
            return switch (call.name) {
                case "allocate" -> Optional.of(HEAP_BUFFER);
                case "allocateDirect" -> Optional.of(DIRECT_BUFFER);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Whether the site allocates a {@code ByteBuffer} (which the rewrite backs with off-heap memory). */
    public boolean isBuffer() {
        return this != NEW_BYTE_ARRAY;
    }
}
