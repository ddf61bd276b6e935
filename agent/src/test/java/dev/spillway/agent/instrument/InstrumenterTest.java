package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.config.LogLevel;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.agent.testing.RewritingClassLoader;
import dev.spillway.fixtures.corpus.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The installed transformer, driven directly as the JVM would call it, without installing it. */
class InstrumenterTest {
    private final SiteRegistry registry = new SiteRegistry();
    private final TransformStatistics statistics = new TransformStatistics();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ClassFileTransformer transformer(String designate, String exclude, SiteDecider decider) {
        AgentLog agentLog = new AgentLog(LogLevel.WARN, new PrintStream(log, true, StandardCharsets.UTF_8));
        return Instrumenter.transformer(ClassPatterns.parse(designate), ClassPatterns.parse(exclude), registry,
                decider, Verdict.PROFILED, agentLog, statistics);
    }

    /**
     * Calls the transformer as java.lang.instrument does: a transformer that throws counts as one that returned
     * null, so the class is defined from the bytes it came with.
     */
    private static byte[] transform(ClassFileTransformer transformer, ClassLoader loader, Class<?> type) {
        try {
            return transformer.transform(loader, type.getName().replace('.', '/'), null, null, ClassFiles.of(type));
        } catch (Throwable e) {
            return null;
        }
    }

    @Nested
    class Transforms {
        @Test
        void aDesignatedClassAndCountsItsSites() {
            byte[] rewritten = transform(transformer("dev.spillway.fixtures.**", "", SiteDecider.profileOnly()),
                    Workload.class.getClassLoader(), Workload.class);
            assertNotNull(rewritten);
            assertEquals(3, registry.size());
            assertEquals(1, statistics.transformedClasses());
        }

        @Test
        void intoAClassThatTheJvmVerifiesAndRuns() throws Exception {
            ClassFileTransformer transformer = transformer("dev.spillway.fixtures.**", "", SiteDecider.profileOnly());
            AllocationRecorder recorder = new AllocationRecorder(registry, 1 << 20, () -> new HeapGeometry("G1", 4 << 20, 16));
            SpillwayRuntime.install(recorder);
            try {
                // -Xverify:all in the test JVM: defining and running the class is the verifier's check.
                ClassLoader loader = new RewritingClassLoader(Map.of(Workload.class.getName(),
                        original -> transform(transformer, Workload.class.getClassLoader(), Workload.class)),
                        Workload.class.getClassLoader());
                Class.forName(Workload.class.getName(), true, loader).getMethod("arrays", int[].class, int.class)
                        .invoke(null, new int[] {5, 6}, 1);
                assertEquals(2, registry.entries().stream()
                        .filter(entry -> entry.site().methodName().equals("arrays"))
                        .mapToLong(entry -> entry.counters().snapshot().allocations()).sum());
            } finally {
                SpillwayRuntime.uninstall(recorder);
            }
        }

        @Test
        void aLoadedClassAgainWhenItIsRetransformed() throws Exception {
            ClassFileTransformer transformer = transformer("dev.spillway.fixtures.**", "", SiteDecider.profileOnly());
            byte[] loaded = transformer.transform(Workload.class.getClassLoader(), "dev/spillway/fixtures/corpus/Workload",
                    null, null, ClassFiles.of(Workload.class));
            byte[] retransformed = transformer.transform(Workload.class.getClassLoader(),
                    "dev/spillway/fixtures/corpus/Workload", Workload.class, null, ClassFiles.of(Workload.class));
            assertArrayEquals(loaded, retransformed);
            assertEquals(3, registry.size());
            assertEquals(2, statistics.transformedClasses());
        }
    }

    @Nested
    class LeavesAlone {
        @Test
        void anExcludedClass() {
            assertNull(transform(transformer("dev.spillway.fixtures.**", "dev.spillway.fixtures.corpus.Work*",
                    SiteDecider.profileOnly()), Workload.class.getClassLoader(), Workload.class));
            assertEquals(0, registry.size());
        }

        @Test
        void spillwaysOwnClassesUnlessAPatternNamesThemLiterally() {
            assertNull(transform(transformer("**", "", SiteDecider.profileOnly()), Workload.class.getClassLoader(),
                    Workload.class));
        }

        @ParameterizedTest(name = "the agent itself even when designated as {0}")
        @ValueSource(strings = {"dev.spillway.**", "dev.spillway.agent.**"})
        void theAgentItself(String designate) {
            assertNull(transform(transformer(designate, "", SiteDecider.profileOnly()),
                    SpillwayRuntime.class.getClassLoader(), SiteRegistry.class));
        }

        @Test
        void classesOfTheBootstrapLoaderEvenUnderDoubleStar() throws Exception {
            ClassFileTransformer transformer = transformer("**", "", SiteDecider.profileOnly());
            byte[] string = ClassFiles.of("java.lang.String", ClassLoader.getSystemClassLoader());
            assertNull(transformer.transform(null, "java/lang/String", null, null, string));
        }

        @Test
        void classesOfALoaderThatCannotSeeTheAgent() {
            ClassLoader isolated = new ClassLoader("isolated", ClassLoader.getPlatformClassLoader()) {};
            assertNull(transform(transformer("dev.spillway.fixtures.**", "", SiteDecider.profileOnly()), isolated,
                    Workload.class));
        }

        @Test
        void aClassLoadedWhileTheSameThreadTransformsAnother() {
            byte[][] nested = new byte[1][];
            ClassFileTransformer[] self = new ClassFileTransformer[1];
            SiteDecider reentering = (owner, method, sites) -> {
                nested[0] = transform(self[0], Workload.class.getClassLoader(), Workload.class);
                return SiteDecider.profileOnly().decide(owner, method, sites);
            };
            self[0] = transformer("dev.spillway.fixtures.**", "", reentering);
            assertNotNull(transform(self[0], Workload.class.getClassLoader(), Workload.class));
            assertNull(nested[0]);
            assertEquals(1, statistics.transformedClasses());
        }

        @Test
        void aClassWhoseTransformationFailsAndSaysSo() {
            // This build installs no redirect rewrite, so a redirect verdict makes the pass fail.
            SiteDecider redirecting = (owner, method, sites) -> Collections.nCopies(sites.size(),
                    new SiteDecision(Verdict.REDIRECTED_RECYCLED, Reason.PROVABLY_LOCAL, null));
            assertNull(transform(transformer("dev.spillway.fixtures.**", "", redirecting),
                    Workload.class.getClassLoader(), Workload.class));
            assertEquals(1, statistics.failedClasses());
            assertEquals(0, registry.size());
            String printed = log.toString(StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("spillway: warn: could not instrument " + Workload.class.getName()
                    + "; it runs unchanged"), printed);
        }
    }
}
