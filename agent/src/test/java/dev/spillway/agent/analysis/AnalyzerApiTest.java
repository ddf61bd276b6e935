package dev.spillway.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.analysis.corpus.Aliasing;
import dev.spillway.agent.analysis.corpus.ArrayAccess;
import dev.spillway.agent.analysis.corpus.Escapes;
import dev.spillway.agent.analysis.corpus.Exceptions;
import dev.spillway.agent.analysis.corpus.Interprocedural;
import dev.spillway.agent.analysis.corpus.Loops;
import dev.spillway.agent.analysis.corpus.Recursion;
import dev.spillway.agent.analysis.corpus.Threads;
import dev.spillway.agent.analysis.corpus.Whitelisted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

@DisplayName("The analysis API")
class AnalyzerApiTest {

    @Nested
    @DisplayName("finds sites")
    class FindsSites {

        @Test
        void ofTheThreeKindsAndNothingElse() {
            assertEquals(Optional.of(SiteKind.NEW_BYTE_ARRAY), SiteKind.of(new IntInsnNode(Opcodes.NEWARRAY, Opcodes.T_BYTE)));
            assertEquals(Optional.empty(), SiteKind.of(new IntInsnNode(Opcodes.NEWARRAY, Opcodes.T_INT)));
            assertEquals(Optional.of(SiteKind.HEAP_BUFFER), SiteKind.of(new MethodInsnNode(Opcodes.INVOKESTATIC,
                    "java/nio/ByteBuffer", "allocate", "(I)Ljava/nio/ByteBuffer;", false)));
            assertEquals(Optional.of(SiteKind.DIRECT_BUFFER), SiteKind.of(new MethodInsnNode(Opcodes.INVOKESTATIC,
                    "java/nio/ByteBuffer", "allocateDirect", "(I)Ljava/nio/ByteBuffer;", false)));
            assertEquals(Optional.empty(), SiteKind.of(new MethodInsnNode(Opcodes.INVOKESTATIC,
                    "java/nio/ByteBuffer", "wrap", "([B)Ljava/nio/ByteBuffer;", false)));
            assertEquals(Optional.empty(), SiteKind.of(new InsnNode(Opcodes.NOP)));
        }

        @Test
        void keyedByTheInstructionOfTheAnalysedMethod() {
            ClassNode owner = Corpus.classNode(Loops.class);
            MethodNode method = Corpus.method(owner, "doubleBuffering");
            List<SiteVerdict> sites = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, 1).analyze(owner, method);
            for (SiteVerdict site : sites) {
                assertTrue(method.instructions.contains(site.instruction()));
                assertEquals(SiteKind.NEW_BYTE_ARRAY, site.kind());
            }
        }

        @Test
        void forEveryMethodOfAClassInOneCall() {
            ClassNode owner = Corpus.classNode(Loops.class);
            Map<MethodNode, List<SiteVerdict>> all = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, 1).analyze(owner);
            assertEquals(List.of("freshBufferEachIteration", "doubleBuffering", "lastKeptButOverwrittenBeforeRead",
                    "previousComparedWithCurrent"), all.keySet().stream().map(m -> m.name).toList());
            assertEquals(List.of(1, 2, 2, 1), all.values().stream().map(List::size).toList());
        }
    }

    @Nested
    @DisplayName("keeps to the event contract")
    class EventContract {

        @ParameterizedTest
        @EnumSource(KeepReason.class)
        void everyKeepReasonIsAReasonTokenOfEventsMd(KeepReason reason) throws IOException {
            String events = Files.readString(Path.of("..", "docs", "EVENTS.md"));
            assertTrue(events.contains("| `" + reason.token() + "` |"), reason.token());
        }

        @ParameterizedTest
        @EnumSource(Tier.class)
        void everyTierIsAVerdictOfEventsMd(Tier tier) throws IOException {
            String events = Files.readString(Path.of("..", "docs", "EVENTS.md"));
            assertTrue(events.contains("| `" + tier.verdictToken() + "` |"), tier.verdictToken());
        }

        @Test
        void redirectsBuffersOffHeapAndArraysToTheRecycler() {
            assertEquals("provably-local", Corpus.onlySite(Whitelisted.class, "channelRead").verdict().reasonToken());
            assertEquals(new Verdict.Redirect(Tier.OFF_HEAP), Corpus.onlySite(Whitelisted.class, "channelRead").verdict());
            assertEquals(new Verdict.Redirect(Tier.RECYCLED), Corpus.onlySite(Whitelisted.class, "streamCopy").verdict());
        }
    }

    @Nested
    @DisplayName("is robust")
    class Robust {

        @Test
        void treatsAResolverThatThrowsAsOneThatFindsNothingAndKeeps() {
            ClassResolver failing = name -> {
                throw new IllegalStateException("broken class path");
            };
            ClassNode owner = Corpus.classNode(Whitelisted.class);
            List<SiteVerdict> sites = new EscapeAnalyzer(failing, Corpus.DESIGNATED, 2)
                    .analyze(owner, Corpus.method(owner, "streamReadAndChecksum"));
            // CRC32 is whitelisted as a Checksum, which takes reading its hierarchy.
            assertEquals("escapes-call", Corpus.outcome(sites.getFirst()));
            assertTrue(Corpus.detail(sites.getFirst()).contains("java.util.zip.CRC32.update([BII)V"));
        }

        @Test
        void givesTheSameVerdictsWhenOneAnalyzerIsSharedByConcurrentTransformations() throws Exception {
            List<Class<?>> corpus = List.of(Aliasing.class,
                    ArrayAccess.class, Escapes.class,
                    Exceptions.class, Interprocedural.class,
                    Loops.class, Recursion.class,
                    Threads.class, Whitelisted.class);
            EscapeAnalyzer alone = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, EscapeAnalyzer.DEFAULT_DEPTH);
            List<List<String>> expected = corpus.stream().map(type -> outcomes(alone, type)).toList();

            EscapeAnalyzer shared = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, EscapeAnalyzer.DEFAULT_DEPTH);
            try (var pool = Executors.newFixedThreadPool(4)) {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (Class<?> type : corpus) {
                        results.add(pool.submit(() -> outcomes(shared, type)));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertEquals(expected.get(i % corpus.size()), results.get(i).get());
                }
            }
        }

        private static List<String> outcomes(EscapeAnalyzer analyzer, Class<?> type) {
            return analyzer.analyze(Corpus.classNode(type)).values().stream()
                    .flatMap(List::stream).map(Corpus::outcome).toList();
        }

        @Test
        void rejectsANegativeDepthBound() {
            assertThrows(IllegalArgumentException.class, () -> new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, -1));
        }

        @Test
        void returnsNothingForAMethodWithoutSites() {
            ClassNode owner = Corpus.classNode(Loops.class);
            MethodNode constructor = Corpus.method(owner, "<init>");
            assertEquals(List.of(), new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, 1).analyze(owner, constructor));
        }
    }
}
