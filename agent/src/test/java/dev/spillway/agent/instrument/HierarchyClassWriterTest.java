package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.agent.testing.RewritingClassLoader;
import dev.spillway.fixtures.corpus.Shapes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.util.CheckClassAdapter;

class HierarchyClassWriterTest {
    private final HierarchyClassWriter writer =
            new HierarchyClassWriter(ClassWriter.COMPUTE_FRAMES, TypeHierarchy.of(getClass().getClassLoader()));

    @ParameterizedTest(name = "{0} and {1} meet at {2}")
    @CsvSource({
        "java/util/ArrayList, java/util/LinkedList, java/util/AbstractList",
        "java/util/ArrayList, java/util/AbstractList, java/util/AbstractList",
        "java/lang/Integer, java/lang/Long, java/lang/Number",
        "java/lang/String, java/lang/Integer, java/lang/Object",
        "java/lang/Runnable, java/lang/Thread, java/lang/Runnable",
        "java/lang/Runnable, java/lang/String, java/lang/Object",
        "dev/spillway/fixtures/corpus/Shapes, java/lang/Object, java/lang/Object",
        "java/io/FileNotFoundException, java/io/EOFException, java/io/IOException",
    })
    void findsTheCommonSuperClassFromClassFilesWithoutLoading(String type1, String type2, String common) {
        assertEquals(common, writer.getCommonSuperClass(type1, type2));
    }

    @Test
    void refusesATypeItCannotFind() {
        assertThrows(TypeNotPresentException.class,
                () -> writer.getCommonSuperClass("no/such/Type", "java/lang/Object"));
    }

    @Test
    void recomputesFramesThatTheVerifiersAccept() throws ClassNotFoundException {
        new ClassReader(ClassFiles.of(Shapes.class)).accept(writer, ClassReader.SKIP_FRAMES);
        byte[] recomputed = writer.toByteArray();
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(recomputed), getClass().getClassLoader(), false,
                new PrintWriter(problems));
        assertEquals("", problems.toString());
        // -Xverify:all in the test JVM: loading and initialising is the JVM verifier's check.
        ClassLoader loader = new RewritingClassLoader(Map.of(Shapes.class.getName(), original -> recomputed),
                getClass().getClassLoader());
        Class.forName(Shapes.class.getName(), true, loader);
    }
}
