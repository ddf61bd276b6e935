package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.LogLevel;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.SiteStatistics;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.agent.testing.RewritingClassLoader;
import dev.spillway.fixtures.corpus.NoSites;
import dev.spillway.fixtures.corpus.Shapes;
import dev.spillway.fixtures.corpus.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

class SitePassTest {
    private static final int THRESHOLD = 64 * 1024;
    private static final HeapGeometry SMALL_REGIONS = new HeapGeometry("G1", 128 * 1024, 16);
    private static final TypeHierarchy HIERARCHY = TypeHierarchy.of(SitePassTest.class.getClassLoader());

    private SiteRegistry registry;
    private AllocationRecorder recorder;

    @BeforeEach
    void installRecorder() {
        registry = new SiteRegistry();
        recorder = new AllocationRecorder(registry, THRESHOLD, () -> SMALL_REGIONS);
        recorder.heapGeometry();
        SpillwayRuntime.install(recorder);
    }

    @AfterEach
    void uninstallRecorder() {
        SpillwayRuntime.uninstall(recorder);
    }

    private SitePass profilingPass() {
        return new SitePass(registry, SiteDecider.profileOnly(), Verdict.PROFILED);
    }

    /** Loads {@code type} rewritten by {@code rewrite}, next to the runtime of this JVM. */
    private static Class<?> load(Class<?> type, UnaryOperator<byte[]> rewrite) throws ClassNotFoundException {
        ClassLoader loader = new RewritingClassLoader(Map.of(type.getName(), rewrite), type.getClassLoader());
        return Class.forName(type.getName(), true, loader);
    }

    private static Object call(Class<?> type, String name, Object... arguments) throws Throwable {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                try {
                    return method.invoke(null, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private SiteStatistics statisticsOf(String method) {
        return registry.entries().stream()
                .filter(entry -> entry.site().methodName().equals(method))
                .map(entry -> entry.counters().snapshot())
                .reduce((a, b) -> { throw new AssertionError("more than one site in " + method); })
                .orElseThrow();
    }

    @Nested
    class Rewrites {
        @Test
        void intoClassesThatPassAsmsVerifier() {
            byte[] rewritten = profilingPass().apply(ClassFiles.of(Shapes.class), HIERARCHY);
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(rewritten), Shapes.class.getClassLoader(), false,
                    new PrintWriter(problems));
            assertEquals("", problems.toString());
        }

        @Test
        void intoClassesThatTheJvmVerifiesAndRuns() throws Throwable {
            // The test JVM runs with -Xverify:all: defining and running the class is the verifier's check.
            Class<?> shapes = load(Shapes.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            assertEquals(3L * 8 + 0 + 1 + 2, call(shapes, "loop", 3, 8));
            assertEquals(5, call(shapes, "tryFinally", 5));
            assertEquals(14, call(shapes, "choose", 2, 7));
            assertEquals(7, call(shapes, "choose", 1, 7));
            assertEquals(8, call(shapes, "lambda", 4));
            assertEquals(12, ((java.nio.ByteBuffer) call(shapes, "direct", 12)).capacity());
        }

        @Test
        void everySiteOnceAndRegistersItWithItsDecision() {
            profilingPass().apply(ClassFiles.of(Shapes.class), HIERARCHY);
            assertEquals(SiteFinder.find(ClassFiles.of(Shapes.class)).sites().size(), registry.size());
            registry.entries().forEach(entry -> assertEquals(SiteDecision.profiled(), entry.decision()));
        }

        @Test
        void nothingInAClassWithoutSites() {
            assertNull(profilingPass().apply(ClassFiles.of(NoSites.class), HIERARCHY));
            assertEquals(0, registry.size());
        }

        @Test
        void theSameSitesToTheSameNumbersWhenAClassIsTransformedAgain() {
            SitePass pass = profilingPass();
            pass.apply(ClassFiles.of(Shapes.class), HIERARCHY);
            List<SiteEntry> first = registry.entries();
            pass.apply(ClassFiles.of(Shapes.class), HIERARCHY);
            assertEquals(first, registry.entries());
        }
    }

    @Nested
    class Counts {
        @Test
        void allocationsBytesAndPowerOfTwoHistogramExactly() throws Throwable {
            Class<?> workload = load(Workload.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            int[] sizes = {0, 1, 2, 3, 1000, 65_536, 70_000};
            long checksum = (long) call(workload, "arrays", sizes, 3);

            SiteStatistics statistics = statisticsOf("arrays");
            assertEquals(3L * (0 + 1 + 2 + 3 + 1000 + 65_536 + 70_000), checksum);
            assertEquals(21, statistics.allocations());
            assertEquals(checksum, statistics.bytes());
            long[] histogram = new long[17];
            histogram[0] = 6;
            histogram[1] = 6;
            histogram[9] = 3;
            histogram[16] = 6;
            assertArrayEquals(histogram, statistics.histogram());
        }

        @Test
        void largeAndHumongousAllocationsAgainstThresholdAndRegionSize() throws Throwable {
            Class<?> workload = load(Workload.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            // Half of a 128 KiB region is 65536 bytes: 65513 + 16 header aligns up to it, 65512 stays below.
            call(workload, "arrays", new int[] {65_512, 65_513, THRESHOLD, 200_000}, 2);

            SiteStatistics statistics = statisticsOf("arrays");
            assertEquals(4, statistics.largeAllocations());
            assertEquals(2L * (THRESHOLD + 200_000), statistics.largeBytes());
            assertEquals(6, statistics.humongousAllocations());
            assertEquals(2L * (65_513 + THRESHOLD + 200_000), statistics.humongousBytes());
        }

        @Test
        void directBuffersAsLargeButNeverHumongous() throws Throwable {
            Class<?> workload = load(Workload.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            call(workload, "directBuffer", 200_000);
            call(workload, "heapBuffer", 200_000);

            assertEquals(1, statisticsOf("directBuffer").largeAllocations());
            assertEquals(0, statisticsOf("directBuffer").humongousAllocations());
            assertEquals(1, statisticsOf("heapBuffer").humongousAllocations());
        }

        @Test
        void nothingForANegativeSizeWhichStillFailsAsBefore() throws Throwable {
            Class<?> shapes = load(Shapes.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            assertThrows(NegativeArraySizeException.class, () -> call(shapes, "negative"));
            assertEquals(0, statisticsOf("negative").allocations());
        }

        @Test
        void nothingOnceTheRecorderIsUninstalled() throws Throwable {
            Class<?> workload = load(Workload.class, bytes -> profilingPass().apply(bytes, HIERARCHY));
            SpillwayRuntime.uninstall(recorder);
            assertEquals(10L, call(workload, "arrays", new int[] {10}, 1));
            assertEquals(0, statisticsOf("arrays").allocations());
        }
    }

    @Nested
    class Decides {
        @Test
        void eachMethodOnceWithItsSitesInBytecodeOrder() {
            SiteDecider recording = (owner, method, sites) -> {
                assertTrue(sites.stream().allMatch(site -> site.method() == method));
                for (int i = 1; i < sites.size(); i++) {
                    assertTrue(sites.get(i - 1).site().bci() < sites.get(i).site().bci());
                }
                return sites.stream().map(site -> new SiteDecision(Verdict.KEPT, Reason.ESCAPES_RETURN,
                        method.name)).toList();
            };
            new SitePass(registry, recording, Verdict.KEPT).apply(ClassFiles.of(Shapes.class), HIERARCHY);
            registry.entries().forEach(entry -> assertEquals(
                    new SiteDecision(Verdict.KEPT, Reason.ESCAPES_RETURN, entry.site().methodName()),
                    entry.decision()));
        }

        @ParameterizedTest(name = "a decider that {0} makes its sites analysis-error")
        @ValueSource(strings = {"throws", "returns too few decisions"})
        void aFailingDeciderMakesItsSitesAnalysisErrors(String failure) {
            SiteDecider failing = (owner, method, sites) -> {
                if (failure.equals("throws")) {
                    throw new IllegalStateException("boom");
                }
                return List.of();
            };
            new SitePass(registry, failing, Verdict.PROFILED).apply(ClassFiles.of(Workload.class), HIERARCHY);
            registry.entries().forEach(entry -> {
                assertEquals(Verdict.PROFILED, entry.decision().verdict());
                assertEquals(Reason.ANALYSIS_ERROR, entry.decision().reason());
            });
        }
    }

    @Nested
    class DecidesLater {
        private final ByteArrayOutputStream failures = new ByteArrayOutputStream();
        private final DecisionQueue later = new DecisionQueue(new AgentLog(LogLevel.WARN,
                new PrintStream(failures, true, StandardCharsets.UTF_8)));

        @AfterEach
        void closeQueue() {
            later.close();
            assertEquals("", failures.toString(StandardCharsets.UTF_8));
        }

        @Test
        void probingEverySiteAtOnceAndDecidingItsVerdictOnceTheQueueRuns() throws Throwable {
            SiteDecider keeping = (owner, method, sites) -> sites.stream()
                    .map(site -> new SiteDecision(Verdict.PROFILED, Reason.ESCAPES_RETURN, method.name)).toList();
            Class<?> workload = load(Workload.class,
                    bytes -> SitePass.decidingLater(registry, keeping, later).apply(bytes, HIERARCHY));
            call(workload, "arrays", new int[] {5, 6}, 1);
            assertEquals(2, statisticsOf("arrays").allocations());
            later.runPending();
            registry.entries().forEach(entry -> assertEquals(
                    new SiteDecision(Verdict.PROFILED, Reason.ESCAPES_RETURN, entry.site().methodName()),
                    entry.decision()));
        }

        @Test
        void aSiteProvisionallyAsProfiledWithoutReason() {
            CountDownLatch release = new CountDownLatch(1);
            SiteDecider waiting = (owner, method, sites) -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return SiteDecider.profileOnly().decide(owner, method, sites);
            };
            SitePass.decidingLater(registry, waiting, later).apply(ClassFiles.of(Workload.class), HIERARCHY);
            registry.entries().forEach(entry -> assertEquals(SiteDecision.profiled(), entry.decision()));
            release.countDown();
        }

        @Test
        void aRedirectAsAnAnalysisErrorSinceTheClassIsAlreadyRewritten() {
            SiteDecider redirecting = (owner, method, sites) -> Collections.nCopies(sites.size(),
                    new SiteDecision(Verdict.REDIRECTED_RECYCLED, Reason.PROVABLY_LOCAL, null));
            SitePass.decidingLater(registry, redirecting, later).apply(ClassFiles.of(Workload.class), HIERARCHY);
            later.runPending();
            registry.entries().forEach(entry -> {
                assertEquals(Verdict.PROFILED, entry.decision().verdict());
                assertEquals(Reason.ANALYSIS_ERROR, entry.decision().reason());
            });
        }
    }
}
