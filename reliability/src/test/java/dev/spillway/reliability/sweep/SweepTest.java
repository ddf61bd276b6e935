package dev.spillway.reliability.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SweepTest {
    private static final boolean REDIRECT = "redirect".equals(System.getProperty("spillway.sweep.mode", "profile"));

    @Nested
    class A_slice_of_the_sweep {

        @Test
        void rewrites_every_class_of_xz_and_every_rewritten_class_verifies_and_links(@TempDir Path work)
                throws IOException {
            Sweep.Result result = new Sweep(REDIRECT, work, List.of()).run(Fixtures.lib().resolve("sweep/xz.jar").toString());

            assertEquals(List.of(), result.failures());
            assertTrue(result.classes() > 100, "xz has more than 100 classes: " + result.classes());
            assertTrue(result.rewritten() > 0 && result.sites() >= result.rewritten(), result.row());
            assertEquals(result.rewritten(), result.verified(), "every rewritten class passes the ASM check: " + result.row());
            assertEquals(result.rewritten(), result.linked(), "every rewritten class links under -Xverify:all: " + result.row());
            if (REDIRECT) {
                assertTrue(result.redirected() > 0, "mode=redirect redirects some of xz's sites: " + result.row());
            }
        }

        @Test
        void rewrites_java_util_zip_and_java_io_of_java_base_and_every_rewritten_class_verifies(@TempDir Path work)
                throws IOException {
            Sweep.Result result = new Sweep(REDIRECT, work, List.of("java/util/zip/", "java/io/")).run("jrt:/java.base");

            assertEquals(List.of(), result.failures());
            assertTrue(result.rewritten() > 10, result.row());
            assertEquals(result.rewritten(), result.verified() + result.uncheckable(), result.row());
            assertTrue(result.verified() > result.rewritten() / 2, "most are checked, not waved through: " + result.row());
        }
    }

    @Nested
    class The_checks_catch_what_they_are_for {
        private static final String SITE_CLASS = "demo/Sized";

        @Test
        void the_class_check_reports_an_allocation_given_a_reference_for_its_size() {
            byte[] broken = sized(true);

            Optional<String> problem = ClassCheck.problem(broken, new ClassHierarchy(List.of(Map.of(SITE_CLASS, broken))));

            assertTrue(problem.isPresent(), "a null size must not verify");
        }

        @Test
        void the_class_check_passes_the_same_class_with_an_int_size() {
            byte[] fine = sized(false);

            assertEquals(Optional.empty(), ClassCheck.problem(fine, new ClassHierarchy(List.of(Map.of(SITE_CLASS, fine)))));
        }

        @Test
        void the_verifier_knows_the_library_hierarchy_a_subclass_is_its_base_and_an_unrelated_class_is_not() {
            Map<String, byte[]> library = Map.of(
                    "lib/Base", plainClass("lib/Base", "java/lang/Object"),
                    "lib/Sub", plainClass("lib/Sub", "lib/Base"),
                    "lib/Other", plainClass("lib/Other", "java/lang/Object"));
            ClassHierarchy hierarchy = new ClassHierarchy(List.of(library));

            assertEquals(Optional.empty(), ClassCheck.problem(returning("lib/Sub"), hierarchy));
            assertTrue(ClassCheck.problem(returning("lib/Other"), hierarchy).isPresent(),
                    "returning a lib/Other as a lib/Base must not verify");
        }

        @Test
        void the_load_check_reports_a_class_that_the_jvm_verifier_rejects(@TempDir Path dir) throws Exception {
            Path jar = dir.resolve("lib.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry(SITE_CLASS + ".class"));
                out.write(sized(false));
            }
            Path rewritten = dir.resolve("rewritten");
            Files.createDirectories(rewritten.resolve("demo"));
            Files.write(rewritten.resolve(SITE_CLASS + ".class"), sized(true));

            Process process = new ProcessBuilder(Fixtures.java().toString(), "-Xverify:all", "-cp",
                    System.getProperty("java.class.path"), LoadCheck.class.getName(), rewritten.toString(), jar.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());

            assertEquals(0, process.waitFor(), output);
            assertTrue(output.startsWith("FAIL demo.Sized java.lang.VerifyError"), output);
        }

        /** {@code static int size(int n) { return new byte[n].length; }}, or with {@code null} as the size. */
        private static byte[] sized(boolean broken) {
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, SITE_CLASS, null, "java/lang/Object", null);
            MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "size", "(I)I", null, null);
            method.visitCode();
            method.visitVarInsn(Opcodes.ILOAD, 0);
            if (broken) {
                method.visitInsn(Opcodes.POP);
                method.visitInsn(Opcodes.ACONST_NULL);
            }
            method.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_BYTE);
            method.visitInsn(Opcodes.ARRAYLENGTH);
            method.visitInsn(Opcodes.IRETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
            writer.visitEnd();
            return writer.toByteArray();
        }

        private static byte[] plainClass(String name, String superName) {
            ClassWriter writer = new ClassWriter(0);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, null);
            writer.visitEnd();
            return writer.toByteArray();
        }

        /** {@code static lib.Base widen(ARGUMENT value) { return value; }} */
        private static byte[] returning(String argument) {
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "lib/User", null, "java/lang/Object", null);
            MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "widen",
                    "(L" + argument + ";)Llib/Base;", null, null);
            method.visitCode();
            method.visitVarInsn(Opcodes.ALOAD, 0);
            method.visitInsn(Opcodes.ARETURN);
            method.visitMaxs(0, 0);
            method.visitEnd();
            writer.visitEnd();
            return writer.toByteArray();
        }
    }
}
