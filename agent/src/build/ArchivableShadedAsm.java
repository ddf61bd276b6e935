import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the shaded ASM classes in the agent jar as Java 8 class files with stack map frames: a build step of the
 * agent, run by its pom after the shade plugin, with the source launcher and ASM on the class path.
 *
 * <p>ASM ships Java 5 class files (version 49). A JDK 25 AOT cache leaves out every class that the JVM linked with
 * its old verifier, so with a cache the 40-odd ASM classes of the first transformation, and the agent's own
 * subclasses of them, were still read from the jar before {@code main} (some 10 ms on the project's machine).
 * Version 52 with frames computed here, which the JVM's type-checking verifier accepts, lets the cache keep them. The
 * code is unchanged.
 *
 * <p>Usage: {@code java -cp ASM_JARS ArchivableShadedAsm.java AGENT_JAR}. Fails when the jar holds no shaded ASM.
 */
public final class ArchivableShadedAsm {
    private static final String SHADED_ASM = "dev/spillway/shaded/asm/";

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewriting");
        int count;
        try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file);
                OutputStream target = Files.newOutputStream(rewritten);
                ZipOutputStream out = new ZipOutputStream(target)) {
            count = copy(in, out, hierarchy);
        }
        if (count == 0) {
            Files.delete(rewritten);
            throw new IllegalStateException(jar + " holds no class under " + SHADED_ASM);
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int copy(ZipInputStream in, ZipOutputStream out, ClassLoader hierarchy) throws IOException {
        int count = 0;
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            byte[] bytes = in.readAllBytes();
            if (entry.getName().startsWith(SHADED_ASM) && entry.getName().endsWith(".class")) {
                bytes = asJava8(bytes, hierarchy);
                count++;
            }
            ZipEntry copy = new ZipEntry(entry.getName());
            copy.setTime(entry.getTime());
            out.putNextEntry(copy);
            out.write(bytes);
            out.closeEntry();
        }
        return count;
    }

    private static byte[] asJava8(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                int major = version & 0xFFFF;
                super.visit(major < Opcodes.V1_8 ? Opcodes.V1_8 : version, access, name, signature, superName,
                        interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
