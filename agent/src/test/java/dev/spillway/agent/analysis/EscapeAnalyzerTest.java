package dev.spillway.agent.analysis;

import static dev.spillway.agent.analysis.Corpus.detail;
import static dev.spillway.agent.analysis.Corpus.onlySite;
import static dev.spillway.agent.analysis.Corpus.outcome;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The escape analysis")
class EscapeAnalyzerTest {

    @Nested
    @DisplayName("keeps a site whose value")
    class Escaping {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "returned,                 escapes-return",
                "storedInField,            escapes-field",
                "storedInStaticField,      escapes-field",
                "bufferStoredInField,      escapes-field",
                "storedInArray,            escapes-array",
                "capturedByLambda,         escapes-lambda",
                "usedAsMonitor,            escapes-monitor",
                "passedToUnknownMethod,    escapes-call",
                "wrappedByByteBuffer,      escapes-call",
                "wrappedByArraysAsList,    escapes-array",
                "returnedAfterFlip,        escapes-return",
                "duplicateReturned,        escapes-return",
                "viewedAsIntBuffer,        escapes-call",
                "filledIntoObjectArray,    escapes-call",
                "storedThroughFieldVarHandle,       escapes-call",
                "wrappedByByteArrayInputStream,     escapes-call",
        })
        void escapesIn(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Escapes.class, method)));
        }

        @Test
        void isStoredIntoAFieldAndSaysWhichField() {
            assertTrue(detail(onlySite(Escapes.class, "storedInField"))
                    .contains("dev.spillway.agent.analysis.corpus.Escapes.field"));
        }

        @Test
        void isPassedToAMethodAndSaysWhichMethod() {
            assertTrue(detail(onlySite(Escapes.class, "wrappedByByteBuffer"))
                    .contains("java.nio.ByteBuffer.wrap([B)Ljava/nio/ByteBuffer;"));
        }
    }

    @Nested
    @DisplayName("redirects a site whose value only goes to whitelisted JDK methods")
    class Whitelist {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "streamReadAndChecksum,        REDIRECTED_RECYCLED",
                "streamCopy,                   REDIRECTED_RECYCLED",
                "arraycopyAndCopyOf,           REDIRECTED_RECYCLED",
                "arraysCompareAndFill,         REDIRECTED_RECYCLED",
                "stringConstructor,            REDIRECTED_RECYCLED",
                "messageDigest,                REDIRECTED_RECYCLED",
                "inflate,                      REDIRECTED_RECYCLED",
                "deflate,                      REDIRECTED_RECYCLED",
                "channelRead,                  REDIRECTED_OFF_HEAP",
                "arrayPutIntoAnotherBuffer,    REDIRECTED_RECYCLED",
                "bufferPutIntoAnotherBuffer,   REDIRECTED_OFF_HEAP",
                "bufferMethodChain,            REDIRECTED_OFF_HEAP",
                "stringConcatenation,          REDIRECTED_RECYCLED",
                "base64,                       REDIRECTED_RECYCLED",
                "requireNonNull,               REDIRECTED_RECYCLED",
                "identityHashAndClone,         REDIRECTED_RECYCLED",
                "randomBytes,                  REDIRECTED_RECYCLED",
                "bigInteger,                   REDIRECTED_RECYCLED",
                "secretKeySpec,                REDIRECTED_RECYCLED",
                "charsetDecode,                REDIRECTED_OFF_HEAP",
                "varHandleView,                REDIRECTED_RECYCLED",
        })
        void redirects(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Whitelisted.class, method)));
        }

        @Test
        void butNotDeflaterSetInputWhichKeepsTheArray() {
            SiteVerdict site = onlySite(Whitelisted.class, "deflaterSetInput");
            assertEquals("escapes-call", outcome(site));
            assertTrue(detail(site).contains("java.util.zip.Deflater.setInput([B)V"), detail(site));
        }
    }

    @Nested
    @DisplayName("follows a value through")
    class Aliases {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "throughLocals,                     escapes-field",
                "throughObjectLocalAndCast,         escapes-field",
                "throughObjectLocalAndCastSafely,   REDIRECTED_RECYCLED",
                "chainedFieldAssignment,            escapes-field",
                "chainedArrayAssignment,            escapes-array",
                "compoundAssignment,                REDIRECTED_RECYCLED",
                "mergedWithAnotherArray,            escapes-field",
        })
        void aliases(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Aliasing.class, method)));
        }
    }

    @Nested
    @DisplayName("in loops")
    class InLoops {

        @Test
        void redirectsAFreshBufferThatDiesWithinTheIteration() {
            assertEquals("REDIRECTED_RECYCLED", outcome(onlySite(Loops.class, "freshBufferEachIteration")));
        }

        @Test
        void keepsTheInnerSiteOfDoubleBufferingButNotTheOneBeforeTheLoop() {
            List<SiteVerdict> sites = Corpus.verdicts(Loops.class, "doubleBuffering");
            assertEquals(2, sites.size());
            assertAll(
                    () -> assertEquals("REDIRECTED_RECYCLED", outcome(sites.get(0))),
                    () -> assertEquals("loop-carried", outcome(sites.get(1))),
                    () -> assertTrue(detail(sites.get(1)).contains("'previous'"), detail(sites.get(1))));
        }

        @Test
        void keepsASiteWhosePreviousValueIsReadAfterItRunsAgain() {
            assertEquals("loop-carried", outcome(onlySite(Loops.class, "previousComparedWithCurrent")));
        }

        @Test
        void redirectsASiteWhoseLastValueIsOverwrittenBeforeItIsReadAgain() {
            List<SiteVerdict> sites = Corpus.verdicts(Loops.class, "lastKeptButOverwrittenBeforeRead");
            assertEquals(List.of("REDIRECTED_RECYCLED", "REDIRECTED_RECYCLED"), sites.stream().map(Corpus::outcome).toList());
        }
    }

    @Nested
    @DisplayName("with exceptions")
    class WithExceptions {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "throwsInTheMiddle,          REDIRECTED_RECYCLED",
                "catchesAndRethrows,         REDIRECTED_RECYCLED",
                "messageBuiltFromTheArray,   REDIRECTED_RECYCLED",
                "finallyBlock,               REDIRECTED_RECYCLED",
                "keptInTheHandler,           escapes-field",
        })
        void exceptions(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Exceptions.class, method)));
        }
    }

    @Nested
    @DisplayName("across recursion")
    class AcrossRecursion {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "callsRecursiveHelperThatDoesNotKeep,   REDIRECTED_RECYCLED",
                "callsRecursiveHelperThatKeeps,         escapes-field",
                "callsMutuallyRecursiveHelpers,         analysis-limit",
                "recursesWithItsOwnSite,                REDIRECTED_RECYCLED",
        })
        void recursion(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Recursion.class, method)));
        }
    }

    @Nested
    @DisplayName("for array() on a buffer")
    class ArrayOfABuffer {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "unguardedArray,               array-accessed",
                "unguardedArrayOffset,         array-accessed",
                "guardedByHasArray,            REDIRECTED_OFF_HEAP",
                "guardedByNegatedHasArray,     REDIRECTED_OFF_HEAP",
                "guardOnAnotherBuffer,         array-accessed",
                "guardThenReassigned,          array-accessed",
                "arrayTakenInHelper,           array-accessed",
                "arrayTakenInGuardedHelper,    REDIRECTED_OFF_HEAP",
        })
        void arrayAccess(String method, String expected) {
            assertEquals(expected, outcome(onlySite(ArrayAccess.class, method)));
        }
    }

    @Nested
    @DisplayName("across calls to designated classes")
    class AcrossCalls {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "callsStaticHelperThatDoesNotKeep,   REDIRECTED_RECYCLED",
                "callsPrivateHelperThatKeeps,        escapes-field",
                "storesWhatHelperReturns,            escapes-field",
                "usesWhatHelperReturnsLocally,       REDIRECTED_RECYCLED",
                "callsOverridableMethod,             escapes-call",
                "callsFinalMethod,                   REDIRECTED_RECYCLED",
                "callsChainOfFourHelpers,            REDIRECTED_RECYCLED",
                "callsNonDesignatedClass,            escapes-call",
                "constructsReaderThatDoesNotKeep,    REDIRECTED_RECYCLED",
                "constructsHolderThatKeeps,          escapes-field",
        })
        void calls(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Interprocedural.class, method)));
        }

        @Test
        void namesTheHelperAndTheFieldWhenAHelperKeeps() {
            String detail = detail(onlySite(Interprocedural.class, "callsPrivateHelperThatKeeps"));
            assertAll(
                    () -> assertTrue(detail.contains("dev.spillway.agent.analysis.corpus.Interprocedural.keep([B)V"), detail),
                    () -> assertTrue(detail.contains("dev.spillway.agent.analysis.corpus.Interprocedural.kept"), detail));
        }

        @Test
        void givesUpWithAnalysisLimitBeyondTheDepthBound() {
            EscapeAnalyzer shallow = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, 2);
            SiteVerdict site = Corpus.verdicts(shallow, Interprocedural.class, "callsChainOfFourHelpers").getFirst();
            assertEquals("analysis-limit", outcome(site));
            assertTrue(detail(site).contains("depth bound 2"), detail(site));
        }

        @Test
        void doesNotLetASummaryCutShortByTheBoundStandInForADeeperAnalysisLater() {
            EscapeAnalyzer analyzer = new EscapeAnalyzer(Corpus.RESOLVER, Corpus.DESIGNATED, 3);
            // level1 -> level2 -> level3 -> sum: level3 is reached with no depth left, its summary is incomplete
            assertEquals("analysis-limit",
                    outcome(Corpus.verdicts(analyzer, Interprocedural.class, "callsChainOfFourHelpers").getFirst()));
            // level3 -> sum fits in the bound when level3 is called directly
            assertEquals("REDIRECTED_RECYCLED",
                    outcome(Corpus.verdicts(analyzer, Interprocedural.class, "callsThirdHelperDirectly").getFirst()));
        }
    }

    @Nested
    @DisplayName("with other threads")
    class WithThreads {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "startsThreadThatReadsIt,           escapes-lambda",
                "putsItOnAQueue,                    escapes-call",
                "submitsTaskHoldingIt,              escapes-field",
                "readsThroughDesignatedSubclass,    escapes-call",
        })
        void threads(String method, String expected) {
            assertEquals(expected, outcome(onlySite(Threads.class, method)));
        }
    }
}
