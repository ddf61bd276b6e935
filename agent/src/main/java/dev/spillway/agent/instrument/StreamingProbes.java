package dev.spillway.agent.instrument;

import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.sites.SiteKind;
import dev.spillway.agent.sites.SiteRegistry;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Profile mode's rewrite in one pass from ASM's reader to its writer, without its tree API: a probe before every
 * site, as {@link SitePass} puts it ({@code DUP}, the site's number, {@code SpillwayRuntime.profile}), each site
 * registered {@code PROFILED} as it is met. It runs on the thread that loads the class, often on the way to
 * {@code main}, where every class ASM's tree would load and every node it would build costs the application's
 * start-up; the analysis that decides the sites later reads the original class into a tree on its own thread.
 *
 * <p>The sites and their identities are {@link SiteFinder#find}'s: every {@code NEWARRAY T_BYTE} and call of
 * {@code ByteBuffer.allocate(int)} or {@code allocateDirect(int)}, in class file order, at the bytecode offset of
 * the original and the line in force there. The probe leaves the operand stack as it found it, so the frames stay
 * as they are and only the maximum stack grows, by the two values the probe pushes.
 */
final class StreamingProbes {
    private StreamingProbes() {
    }

    /**
     * Rewrites {@code classFile} with a probe before each of its sites, registering each in {@code registry}.
     *
     * @return the rewritten class file, or null when the class has no site
     * @throws IllegalArgumentException when the bytes are not a class file ASM can read
     */
    static byte[] rewrite(byte[] classFile, SiteRegistry registry) {
        SiteFinder.OffsetReader reader = new SiteFinder.OffsetReader(classFile);
        // The reader's constant pool and bootstrap methods are copied as they are; the probes' entries are added.
        ClassWriter writer = new ClassWriter(reader, 0);
        Prober prober = new Prober(writer, reader, registry);
        reader.accept(prober, 0);
        return prober.sites > 0 ? writer.toByteArray() : null;
    }

    private static final class Prober extends ClassVisitor {
        private final SiteFinder.OffsetReader reader;
        private final SiteRegistry registry;
        private String className;
        int sites;

        Prober(ClassVisitor writer, SiteFinder.OffsetReader reader, SiteRegistry registry) {
            super(Opcodes.ASM9, writer);
            this.reader = reader;
            this.registry = registry;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            className = name.replace('/', '.');
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null ? null : new ProbingMethod(next, name, descriptor);
        }

        private final class ProbingMethod extends MethodVisitor {
            private final String name;
            private final String descriptor;
            private int line = -1;
            private boolean probed;

            ProbingMethod(MethodVisitor next, String name, String descriptor) {
                super(Opcodes.ASM9, next);
                this.name = name;
                this.descriptor = descriptor;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
                super.visitLineNumber(line, start);
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                if (opcode == Opcodes.NEWARRAY && operand == Opcodes.T_BYTE) {
                    probe(SiteKind.NEW_BYTE_ARRAY);
                }
                super.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                SiteKind kind = SiteFinder.kindOfCall(opcode, owner, name, descriptor);
                if (kind != null) {
                    probe(kind);
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }

            private void probe(SiteKind kind) {
                Site site = new Site(className, name, descriptor, reader.currentOffset(), line, kind);
                int index = registry.register(site, SiteDecision.profiled());
                super.visitInsn(Opcodes.DUP);
                super.visitLdcInsn(index);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SpillwayRuntime.INTERNAL_NAME, SpillwayRuntime.PROFILE,
                        SpillwayRuntime.PROFILE_DESCRIPTOR, false);
                probed = true;
                sites++;
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(probed ? maxStack + 2 : maxStack, maxLocals);
            }
        }
    }
}
