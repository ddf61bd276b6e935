package dev.spillway.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.fixtures.corpus.NoSites;
import dev.spillway.fixtures.corpus.Shapes;
import dev.spillway.fixtures.corpus.Workload;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.TypeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SiteFinderTest {
    private static ClassSites shapes;

    @BeforeAll
    static void findShapes() {
        shapes = SiteFinder.find(ClassFiles.of(Shapes.class));
    }

    private static List<SiteKind> kindsIn(String methodPrefix) {
        return shapes.sites().stream()
                .filter(found -> found.site().methodName().startsWith(methodPrefix))
                .map(found -> found.site().kind())
                .toList();
    }

    @Nested
    class Finds {
        static Stream<Arguments> methods() {
            SiteKind array = SiteKind.NEW_BYTE_ARRAY;
            return Stream.of(
                    Arguments.of("<clinit>", List.of(array)),
                    Arguments.of("<init>", List.of(array)),
                    Arguments.of("plain", List.of(array)),
                    Arguments.of("heap", List.of(SiteKind.HEAP_BUFFER)),
                    Arguments.of("direct", List.of(SiteKind.DIRECT_BUFFER)),
                    Arguments.of("loop", List.of(array)),
                    // javac copies the finally block into the normal and the exceptional exit.
                    Arguments.of("tryFinally", List.of(array, array, array)),
                    Arguments.of("choose", List.of(array, SiteKind.HEAP_BUFFER, array)),
                    Arguments.of("lambda$lambda$0", List.of(array)),
                    Arguments.of("lambda$lambda$1", List.of(SiteKind.HEAP_BUFFER)),
                    Arguments.of("notASite", List.of()),
                    Arguments.of("negative", List.of(array)));
        }

        @ParameterizedTest(name = "in {0}: {1}")
        @MethodSource("methods")
        void everySiteOfEachMethodInBytecodeOrder(String method, List<SiteKind> expected) {
            assertEquals(expected, kindsIn(method));
        }

        @Test
        void nothingInAClassWithoutSites() {
            assertEquals(List.of(), SiteFinder.find(ClassFiles.of(NoSites.class)).sites());
        }
    }

    @Nested
    class Identifies {
        @Test
        void eachSiteByTheBytecodeIndexOfItsInstructionInTheOriginalClassFile() {
            Map<String, Instruction> instructions = instructionsByMethodAndOffset(ClassFiles.of(Shapes.class));
            for (FoundSite found : shapes.sites()) {
                Site site = found.site();
                Instruction instruction = instructions.get(site.methodName() + site.descriptor() + "@" + site.bci());
                assertTrue(isSite(instruction, site.kind()), () -> site.id() + " points at " + instruction);
            }
        }

        @Test
        void eachSiteByASourceLineThatAllocates() throws IOException {
            List<String> source = Files.readAllLines(Path.of("src/test/java/dev/spillway/fixtures/corpus/Shapes.java"));
            for (FoundSite found : shapes.sites()) {
                String line = source.get(found.site().line() - 1);
                assertTrue(line.contains("new byte[") || line.contains("ByteBuffer.allocate"),
                        () -> found.site().id() + " is on line " + found.site().line() + ": " + line);
            }
        }

        @Test
        void withIdsThatAreUniqueAndSpelledAsInTheContract() {
            Map<String, Site> byId = new HashMap<>();
            shapes.sites().forEach(found -> assertEquals(null, byId.put(found.site().id(), found.site())));
            Site plain = kindsSite("plain");
            assertEquals("dev.spillway.fixtures.corpus.Shapes#plain(I)[B@" + plain.bci(), plain.id());
        }

        @Test
        void aClassWithoutLineTableWithLineMinusOne() {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(ClassFiles.of(Shapes.class)).accept(writer, ClassReader.SKIP_DEBUG);
            byte[] stripped = writer.toByteArray();
            SiteFinder.find(stripped).sites().forEach(found -> assertEquals(-1, found.site().line()));
            assertEquals(shapes.sites().size(), SiteFinder.find(stripped).sites().size());
        }

        private Site kindsSite(String method) {
            return shapes.sites().stream().filter(f -> f.site().methodName().equals(method)).findFirst()
                    .orElseThrow().site();
        }
    }

    @Nested
    class PassesOver {
        @Test
        void aClassWhoseBytesCannotHoldASite() {
            assertFalse(SiteFinder.mayHaveSites(ClassFiles.of(NoSites.class)));
        }

        @ParameterizedTest(name = "never a class with sites: {0}")
        @ValueSource(classes = {Shapes.class, Workload.class, OnlyBuffers.class, OnlyArrays.class})
        void neverAClassWithSites(Class<?> type) {
            byte[] classFile = ClassFiles.of(type);
            assertFalse(SiteFinder.find(classFile).sites().isEmpty());
            assertTrue(SiteFinder.mayHaveSites(classFile));
        }
    }

    static final class OnlyBuffers {
        static int direct() {
            return java.nio.ByteBuffer.allocateDirect(8).capacity();
        }
    }

    static final class OnlyArrays {
        static int array(int size) {
            return new byte[size].length;
        }
    }

    /** An oracle independent of ASM: the JDK's class-file API, walking instruction sizes. */
    private static Map<String, Instruction> instructionsByMethodAndOffset(byte[] classFile) {
        ClassModel model = ClassFile.of().parse(classFile);
        Map<String, Instruction> result = new HashMap<>();
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> {
                int offset = 0;
                for (CodeElement element : code) {
                    if (element instanceof Instruction instruction) {
                        result.put(method.methodName().stringValue() + method.methodType().stringValue() + "@" + offset,
                                instruction);
                        offset += instruction.sizeInBytes();
                    }
                }
            });
        }
        return result;
    }

    private static boolean isSite(Instruction instruction, SiteKind kind) {
        return switch (kind) {
            case NEW_BYTE_ARRAY -> instruction instanceof NewPrimitiveArrayInstruction array
                    && array.typeKind() == TypeKind.BYTE;
            case HEAP_BUFFER, DIRECT_BUFFER -> instruction instanceof InvokeInstruction call
                    && call.opcode() == Opcode.INVOKESTATIC
                    && call.owner().asInternalName().equals("java/nio/ByteBuffer")
                    && call.name().stringValue().equals(kind == SiteKind.HEAP_BUFFER ? "allocate" : "allocateDirect");
        };
    }
}
