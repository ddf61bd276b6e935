package dev.spillway.agent.rewrite;

import static dev.spillway.agent.rewrite.RedirectHarness.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.rewrite.corpus.Local;
import dev.spillway.agent.rewrite.corpus.Shapes;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteStatistics;
import dev.spillway.allocator.recycle.RecyclerMetric;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectRewriteTest {
    private static final int LARGE = 128 * 1024;
    private static final int SMALL = 1024;

    private RedirectHarness harness;

    @BeforeEach
    void start() {
        harness = new RedirectHarness(settings(64L << 20, 64L << 20, false));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private RecyclerMetric recycler() {
        return harness.allocator.recyclerIfStarted().metric();
    }

    @Nested
    class Verdicts {
        @ParameterizedTest(name = "{0}.{1} is {2} {3}")
        @CsvSource({
            "Local,  sum,                 REDIRECTED_RECYCLED, provably-local",
            "Local,  fail,                REDIRECTED_RECYCLED, provably-local",
            "Local,  loop,                REDIRECTED_RECYCLED, provably-local",
            "Local,  recurse,             REDIRECTED_RECYCLED, provably-local",
            "Local,  heapBuffer,          REDIRECTED_OFF_HEAP, provably-local",
            "Local,  directBuffer,        REDIRECTED_OFF_HEAP, provably-local",
            "Local,  checksum,            REDIRECTED_OFF_HEAP, provably-local",
            "Shapes, <clinit>,            REDIRECTED_RECYCLED, provably-local",
            "Shapes, escapeToField,       KEPT,                escapes-field",
            "Shapes, escapeBufferToField, KEPT,                escapes-field",
            "Shapes, escapeByReturn,      KEPT,                escapes-return",
            "Shapes, arrayOfBuffer,       KEPT,                array-accessed",
        })
        void everySiteGetsTheAnalysisVerdict(String type, String method, String verdict, String reason)
                throws Exception {
            harness.load(type);
            SiteDecision decision = harness.site(type, method).decision();
            assertEquals(verdict, decision.verdict().name());
            assertEquals(reason, decision.reasonToken());
        }

        @Test
        void doubleBufferingKeepsOnlyTheLoopSite() throws Exception {
            harness.load("Shapes");
            assertEquals("REDIRECTED_RECYCLED provably-local, KEPT loop-carried",
                    harness.sites("Shapes", "doubleBuffered").stream()
                            .map(e -> e.decision().verdict() + " " + e.decision().reasonToken())
                            .collect(Collectors.joining(", ")));
        }

        @Test
        void constructorSitesAfterTheSuperCallAreRedirectedAndOnesBeforeItKept() throws Exception {
            harness.load("Shapes");
            assertEquals("(I)V REDIRECTED_RECYCLED provably-local, (IZ)V REDIRECTED_RECYCLED provably-local,"
                    + " (J)V KEPT analysis-limit",
                    harness.sites("Shapes", "<init>").stream().map(e -> e.site().descriptor() + " "
                            + e.decision().verdict() + " " + e.decision().reasonToken())
                            .collect(Collectors.joining(", ")));
        }
    }

    @Nested
    class Arrays {
        @Test
        void aRedirectedArrayComesFromTheRecyclerAndGoesBack() throws Throwable {
            assertEquals(Local.sum(LARGE), harness.call("Local", "sum", LARGE));
            assertEquals(Local.sum(LARGE), harness.call("Local", "sum", LARGE));
            SiteStatistics counted = harness.statistics("Local", "sum");
            assertEquals(2, counted.redirectedAllocations());
            assertEquals(2L * LARGE, counted.redirectedBytes());
            assertEquals(2, counted.largeAllocations());
            assertEquals(1, recycler().hits());
            assertEquals(2, recycler().returns());
            assertEquals(0, harness.allocator.outstanding());
        }

        @Test
        void anArrayIsGivenBackWhenTheMethodThrows() throws Throwable {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> harness.call("Local", "fail", LARGE));
            assertEquals("failed after " + LARGE + " bytes", thrown.getMessage());
            assertEquals(1, harness.statistics("Local", "fail").redirectedAllocations());
            assertEquals(1, recycler().returns());
            assertEquals(0, harness.allocator.outstanding());
        }

        @Test
        void aLoopReusesOneArrayInsteadOfHoardingOnePerIteration() throws Throwable {
            assertEquals(Local.loop(LARGE, 50), harness.call("Local", "loop", LARGE, 50));
            assertEquals(50, harness.statistics("Local", "loop").redirectedAllocations());
            assertEquals(1, recycler().misses());
            assertEquals(49, recycler().hits());
            assertEquals(0, harness.allocator.outstanding());
        }

        @Test
        void aReusedArrayIsZeroedAgain() throws Throwable {
            assertEquals(0, harness.call("Local", "dirty", LARGE, 10));
            assertEquals(9, recycler().hits());
        }

        @Test
        void aRecursiveCallDoesNotTakeItsCallersArray() throws Throwable {
            assertEquals(Local.recurse(LARGE, 5), harness.call("Local", "recurse", LARGE, 5));
            assertEquals(6, harness.statistics("Local", "recurse").redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
        }

        @Test
        void framesWithLongAndDoubleLocalsHandlersAndSwitchesStillVerify() throws Throwable {
            assertEquals(Local.wideLocals(7L, LARGE, 0.5), harness.call("Local", "wideLocals", 7L, LARGE, 0.5));
            assertEquals(3, harness.statistics("Local", "wideLocals").redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
        }

        @ParameterizedTest(name = "size {0}")
        @ValueSource(ints = {-1, Integer.MIN_VALUE})
        void aNegativeSizeStillThrowsNegativeArraySizeException(int size) {
            NegativeArraySizeException thrown = assertThrows(NegativeArraySizeException.class,
                    () -> harness.call("Local", "sum", size));
            assertEquals(String.valueOf(size), thrown.getMessage());
        }

        @Test
        void aSizeBelowTheThresholdIsAPlainArray() throws Throwable {
            assertEquals(Local.sum(SMALL), harness.call("Local", "sum", SMALL));
            SiteStatistics counted = harness.statistics("Local", "sum");
            assertEquals(1, counted.allocations());
            assertEquals(1, counted.belowThresholdAllocations());
            assertEquals(0, counted.redirectedAllocations());
            assertEquals(null, harness.allocator.recyclerIfStarted());
        }

        @Test
        void anArrayLargerThanTheRecyclerBudgetFallsBackToAPlainOne() throws Throwable {
            harness.close();
            harness = new RedirectHarness(settings(LARGE - 1, 64L << 20, false));
            assertEquals(Local.loop(LARGE, 3), harness.call("Local", "loop", LARGE, 3));
            SiteStatistics counted = harness.statistics("Local", "loop");
            assertEquals(3, counted.fallbackAllocations());
            assertEquals(0, counted.redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
        }
    }

    @Nested
    class Buffers {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"heapBuffer", "directBuffer"})
        void aRedirectedBufferLooksExactlyLikeTheOriginal(String method) throws Throwable {
            String expected = method.equals("heapBuffer") ? Local.heapBuffer(LARGE) : Local.directBuffer(LARGE);
            assertEquals(expected, harness.call("Local", method, LARGE));
            assertEquals(1, harness.statistics("Local", method).redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
            assertEquals(0, harness.allocator.poolIfStarted().metric().usedBytes());
        }

        @Test
        void aLoopOfBuffersUsesOneSegmentAtATime() throws Throwable {
            assertEquals(Local.checksum(LARGE, 40), harness.call("Local", "checksum", LARGE, 40));
            assertEquals(40, harness.allocator.poolIfStarted().metric().allocations());
            assertEquals(40, harness.allocator.poolIfStarted().metric().frees());
            assertTrue(harness.allocator.poolIfStarted().metric().peakUsedBytes() <= 2L * LARGE);
        }

        @Test
        void theOffHeapLimitMakesBuffersFallBackToPlainOnes() throws Throwable {
            harness.close();
            harness = new RedirectHarness(settings(64L << 20, 1, false));
            assertEquals(Local.checksum(LARGE, 3), harness.call("Local", "checksum", LARGE, 3));
            SiteStatistics counted = harness.statistics("Local", "checksum");
            assertEquals(3, counted.fallbackAllocations());
            assertEquals(0, counted.redirectedAllocations());
        }

        @Test
        void aNegativeCapacityStillThrowsIllegalArgumentException() {
            assertThrows(IllegalArgumentException.class, () -> harness.call("Local", "heapBuffer", -5));
        }
    }

    @Nested
    class ConstructorsAndInitializers {
        @Test
        void aConstructorsArraysAreGivenBack() throws Throwable {
            Object made = harness.load("Shapes").getConstructor(int.class, boolean.class).newInstance(LARGE, false);
            assertEquals(new Shapes(LARGE, false).value(), made.getClass().getMethod("value").invoke(made));
            assertEquals(0, harness.allocator.outstanding());
        }

        @Test
        void aFailingConstructorGivesItsArrayBack() throws Throwable {
            Class<?> shapes = harness.load("Shapes");
            long before = harness.allocator.outstanding();
            Throwable thrown = assertThrows(InvocationTargetException.class,
                    () -> shapes.getConstructor(int.class, boolean.class).newInstance(LARGE, true)).getCause();
            assertSame(IllegalArgumentException.class, thrown.getClass());
            assertEquals(before, harness.allocator.outstanding());
        }

        @Test
        void aConstructorSiteBeforeThisCallStaysPlainAndCounted() throws Throwable {
            Object made = harness.load("Shapes").getConstructor(long.class).newInstance((long) LARGE);
            assertEquals(new Shapes((long) LARGE).value(), made.getClass().getMethod("value").invoke(made));
            assertEquals(1, harness.sites("Shapes", "<init>").stream()
                    .filter(e -> e.site().descriptor().equals("(J)V"))
                    .mapToLong(e -> e.counters().snapshot().allocations()).sum());
        }

        @Test
        void aStaticInitializerRunsRedirectedAndGivesItsArrayBack() throws Throwable {
            Class<?> shapes = harness.load("Shapes");
            assertEquals(Shapes.STATIC_VALUE, shapes.getField("STATIC_VALUE").get(null));
            assertEquals(1, harness.statistics("Shapes", "<clinit>").redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
        }
    }

    @Nested
    class Threads {
        @Test
        void sitesRunningOnSeveralThreadsAtOnceGiveEveryArrayBack() throws Exception {
            int threads = 4;
            int calls = 200;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        int mismatches = 0;
                        for (int i = 0; i < calls; i++) {
                            try {
                                if (!harness.call("Local", "recurse", LARGE, 3).equals(Local.recurse(LARGE, 3))) {
                                    mismatches++;
                                }
                            } catch (Throwable e) {
                                throw new AssertionError(e);
                            }
                        }
                        return mismatches;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertEquals(0, result.get());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(threads * calls * 4L, harness.statistics("Local", "recurse").redirectedAllocations());
            assertEquals(0, harness.allocator.outstanding());
        }
    }
}
