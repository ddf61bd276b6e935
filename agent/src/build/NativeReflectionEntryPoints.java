import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Sets {@code ACC_VARARGS} on the agent's entry methods, whose last parameter is an {@code Instrumentation}, not an
 * array: a build step of the agent, run by its pom after compiling, with the source launcher and ASM on the class path
 * (Java 17 or later).
 *
 * <p>The JVM calls {@code premain} and {@code agentmain} by reflection, and {@code SpillwayAgent} calls
 * {@code ReflectiveEntry} the same way. Since JDK 18 a first reflective call builds a method handle and spins half a
 * dozen {@code LambdaForm} classes, some 15-20 ms before {@code main} that no AOT cache keeps. For a method marked
 * varargs whose last parameter is not an array, core reflection uses its native accessor instead (method handles
 * refuse such a method), which spins nothing. The flag means nothing else to the JVM; should a later JDK drop that
 * rule, the call takes the method-handle path as before, only slower.
 *
 * <p>javac refuses to read a class file with such a method, so only classes that no source names are marked:
 * {@code SpillwayAgent} (named by the manifest) and {@code ReflectiveEntry} (named by a string in it).
 *
 * <p>Usage: {@code java -cp ASM_JARS NativeReflectionEntryPoints.java CLASSES_DIR}. Fails when an expected method is missing,
 * so that a renamed entry point cannot quietly lose the flag.
 */
public final class NativeReflectionEntryPoints {
    private static final String INSTRUMENTATION_LAST = "Ljava/lang/instrument/Instrumentation;)V";

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        mark(classes.resolve("dev/spillway/agent/SpillwayAgent.class"), Set.of("premain", "agentmain"));
        mark(classes.resolve("dev/spillway/agent/ReflectiveEntry.class"), Set.of("start", "attach"));
    }

    private static void mark(Path file, Set<String> names) throws IOException {
        ClassReader reader = new ClassReader(Files.readAllBytes(file));
        ClassWriter writer = new ClassWriter(reader, 0);
        Set<String> marked = new TreeSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                boolean entryPoint = names.contains(name) && descriptor.endsWith(INSTRUMENTATION_LAST)
                        && (access & Opcodes.ACC_STATIC) != 0;
                if (entryPoint) {
                    marked.add(name);
                }
                return super.visitMethod(entryPoint ? access | Opcodes.ACC_VARARGS : access, name, descriptor,
                        signature, exceptions);
            }
        }, 0);
        if (!marked.equals(new TreeSet<>(names))) {
            throw new IllegalStateException(file + ": expected static methods " + names + " ending in "
                    + INSTRUMENTATION_LAST + ", found " + marked);
        }
        Files.write(file, writer.toByteArray());
    }
}
