package dev.spillway.agent.sites;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the allocation sites of a class: every {@code NEWARRAY T_BYTE} and every call of
 * {@code ByteBuffer.allocate(int)} or {@code ByteBuffer.allocateDirect(int)}, in every method.
 *
 * <p>The tree API does not keep bytecode offsets, but a site's identity needs the offset in the original class
 * file; so the class is read here with a reader that notes the offset of each instruction as it is visited.
 */
public final class SiteFinder {
    private static final String BYTE_BUFFER = "java/nio/ByteBuffer";
    private static final String ALLOCATE_DESCRIPTOR = "(I)Ljava/nio/ByteBuffer;";

    private static final byte[] BYTE_BUFFER_UTF8 = BYTE_BUFFER.getBytes(StandardCharsets.ISO_8859_1);

    private SiteFinder() {}

    /**
     * Whether {@code classFile} may have a site, from its raw bytes alone: a class with a site holds the
     * instruction bytes {@code NEWARRAY T_BYTE} or the name {@code java/nio/ByteBuffer} somewhere. False means
     * it has none for certain; true may be a coincidence, which {@link #find} then settles. Most classes have no
     * site, and this spares them being parsed.
     */
    public static boolean mayHaveSites(byte[] classFile) {
        for (int i = 0; i + 1 < classFile.length; i++) {
            if (classFile[i] == (byte) Opcodes.NEWARRAY && classFile[i + 1] == Opcodes.T_BYTE) {
                return true;
            }
        }
        return contains(classFile, BYTE_BUFFER_UTF8);
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Reads {@code classFile} and locates its sites.
     *
     * @throws IllegalArgumentException when the bytes are not a class file ASM can read
     */
    public static ClassSites find(byte[] classFile) {
        OffsetReader reader = new OffsetReader(classFile);
        Map<AbstractInsnNode, Integer> offsets = new IdentityHashMap<>();
        ClassNode node = new ClassNode(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodNode method = new OffsetRecordingMethod(access, name, descriptor, signature, exceptions,
                        reader, offsets);
                methods.add(method);
                return method;
            }
        };
        reader.accept(node, 0);
        String className = node.name.replace('/', '.');
        List<FoundSite> sites = new ArrayList<>();
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode instruction = method.instructions.getFirst(); instruction != null;
                    instruction = instruction.getNext()) {
                SiteKind kind = kindOf(instruction);
                if (kind != null) {
                    Site site = new Site(className, method.name, method.desc, offsets.get(instruction),
                            lineOf(instruction), kind);
                    sites.add(new FoundSite(method, instruction, site));
                }
            }
        }
        return new ClassSites(node, sites);
    }

    /** The kind of allocation {@code instruction} performs, or null when it is not a site. */
    public static SiteKind kindOf(AbstractInsnNode instruction) {
        if (instruction instanceof IntInsnNode array && array.getOpcode() == Opcodes.NEWARRAY
                && array.operand == Opcodes.T_BYTE) {
            return SiteKind.NEW_BYTE_ARRAY;
        }
        if (instruction instanceof MethodInsnNode call) {
            return kindOfCall(call.getOpcode(), call.owner, call.name, call.desc);
        }
        return null;
    }

    /** The kind of allocation a method call performs, or null when it is not a site. */
    public static SiteKind kindOfCall(int opcode, String owner, String name, String descriptor) {
        if (opcode != Opcodes.INVOKESTATIC || !owner.equals(BYTE_BUFFER) || !descriptor.equals(ALLOCATE_DESCRIPTOR)) {
            return null;
        }
        return switch (name) {
            case "allocate" -> SiteKind.HEAP_BUFFER;
            case "allocateDirect" -> SiteKind.DIRECT_BUFFER;
            default -> null;
        };
    }

    /** The line entry in force at an instruction is the last one that starts at or before it in code order. */
    private static int lineOf(AbstractInsnNode instruction) {
        for (AbstractInsnNode node = instruction; node != null; node = node.getPrevious()) {
            if (node instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }

    /** A class reader that tells the bytecode offset, in the class file read, of the instruction being visited. */
    public static final class OffsetReader extends ClassReader {
        private int currentOffset;

        public OffsetReader(byte[] classFile) {
            super(classFile);
        }

        @Override
        protected void readBytecodeInstructionOffset(int bytecodeOffset) {
            currentOffset = bytecodeOffset;
        }

        /** The offset of the instruction being visited: a site's {@code bci}. */
        public int currentOffset() {
            return currentOffset;
        }
    }

    /** Notes the offset of site instructions only; other instructions need none. */
    private static final class OffsetRecordingMethod extends MethodNode {
        private final OffsetReader reader;
        private final Map<AbstractInsnNode, Integer> offsets;

        OffsetRecordingMethod(int access, String name, String descriptor, String signature, String[] exceptions,
                OffsetReader reader, Map<AbstractInsnNode, Integer> offsets) {
            super(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
            this.reader = reader;
            this.offsets = offsets;
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            super.visitIntInsn(opcode, operand);
            noteIfSite();
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            noteIfSite();
        }

        private void noteIfSite() {
            AbstractInsnNode last = instructions.getLast();
            if (kindOf(last) != null) {
                offsets.put(last, reader.currentOffset());
            }
        }
    }
}
