import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the old class files of a jar as Java 8 class files with stack map frames, so that a JDK AOT cache can keep
 * those classes: a build step of the agent (for its shaded ASM) and of the reporter (for picocli), run by their poms
 * after the shade plugin, with the source launcher and ASM on the class path.
 *
 * <p>ASM and picocli ship Java 5 class files (version 49). The JVM links such a class with its old, inferencing
 * verifier, and a JDK 25 AOT cache leaves out every class linked that way: with a cache, the agent's first
 * transformation still read its 40-odd ASM classes from the jar before {@code main}, and every {@code spillway}
 * command read picocli's 173. Version 52 with frames computed here, which the type-checking verifier accepts, lets
 * the cache keep them. The code is unchanged; only the version and the frames are new.
 *
 * <p>ASM rather than the JDK's {@code java.lang.classfile}: the step's {@code java} is the build's JDK 25 only when
 * Maven runs on an older JDK and the toolchain supplies it; when Maven itself runs on JDK 25 it is the first
 * {@code java} on the PATH, which may be as old as 17.
 *
 * <p>Usage: {@code java -cp ASM_JAR ArchivableClassFiles.java JAR PREFIX...}: every class file whose path starts with a
 * PREFIX (such as {@code picocli/}) and whose version is below 52. Frames are computed against the jar's own classes
 * and the running JDK's. Fails, leaving the jar as it was, when no class matches a prefix.
 */
public final class ArchivableClassFiles {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ArchivableClassFiles JAR PREFIX...");
        }
        Path jar = Path.of(args[0]);
        List<String> prefixes = Arrays.asList(args).subList(1, args.length);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewriting");
        int[] matched = new int[prefixes.size()];
        try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file);
                OutputStream target = Files.newOutputStream(rewritten);
                ZipOutputStream out = new ZipOutputStream(target)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                int prefix = prefixOf(entry.getName(), prefixes);
                if (prefix >= 0 && entry.getName().endsWith(".class")) {
                    matched[prefix]++;
                    bytes = asJava8(bytes, hierarchy);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        for (int i = 0; i < matched.length; i++) {
            if (matched[i] == 0) {
                Files.delete(rewritten);
                throw new IllegalStateException(jar + " holds no class under " + prefixes.get(i));
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int prefixOf(String name, List<String> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            if (name.startsWith(prefixes.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The class as version 52 with its frames computed; a class of version 52 or later as it was. */
    private static byte[] asJava8(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        if ((reader.readShort(6) & 0xFFFF) >= Opcodes.V1_8) {
            return classFile;
        }
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
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
