package dev.spillway.agent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Plugs {@link SitePass} into Byte Buddy's visitor chain.
 *
 * <p>Byte Buddy carries its own copy of ASM, the tree passes use plain ASM; the two meet through class
 * bytes. The wrapper takes the original class file from {@link OriginalClassFiles}, runs the pass on it, and,
 * when the pass changed something, replays the result into Byte Buddy's writer in place of the stream Byte
 * Buddy read. A class without sites passes through untouched.
 */
final class SiteVisitorWrapper implements AsmVisitorWrapper {
    private final SitePass pass;
    private final OriginalClassFiles classFiles;
    private final TransformStatistics statistics;
    private final ClassLoader loader;

    SiteVisitorWrapper(SitePass pass, OriginalClassFiles classFiles, TransformStatistics statistics) {
        this(pass, classFiles, statistics, null);
    }

    private SiteVisitorWrapper(SitePass pass, OriginalClassFiles classFiles, TransformStatistics statistics,
            ClassLoader loader) {
        this.pass = pass;
        this.classFiles = classFiles;
        this.statistics = statistics;
        this.loader = loader;
    }

    /** The wrapper for the classes of {@code classLoader}, whose other classes the pass may read. */
    SiteVisitorWrapper forLoader(ClassLoader classLoader) {
        return new SiteVisitorWrapper(pass, classFiles, statistics, classLoader);
    }

    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
            Implementation.Context implementationContext, TypePool typePool,
            FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods, int writerFlags,
            int readerFlags) {
        byte[] original = classFiles.of(instrumentedType.getName());
        byte[] rewritten = pass.apply(original, new PoolTypeHierarchy(typePool), loader);
        if (rewritten == null) {
            return classVisitor;
        }
        statistics.rewritten();
        return new Replay(classVisitor, rewritten, readerFlags);
    }

    /** Drops the stream Byte Buddy read and sends the rewritten class to the writer instead. */
    private static final class Replay extends ClassVisitor {
        private final ClassVisitor writer;
        private final byte[] rewritten;
        private final int readerFlags;

        Replay(ClassVisitor writer, byte[] rewritten, int readerFlags) {
            super(Opcodes.ASM9);
            this.writer = writer;
            this.rewritten = rewritten;
            this.readerFlags = readerFlags;
        }

        @Override
        public void visitEnd() {
            new ClassReader(rewritten).accept(writer, readerFlags);
        }
    }
}
