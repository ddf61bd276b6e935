package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.config.LogLevel;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.Reason;
import dev.spillway.agent.sites.SiteDecision;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.fixtures.corpus.Workload;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
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
        return Instrumenter.agentBuilder(ClassPatterns.parse(designate), ClassPatterns.parse(exclude), registry,
                decider, Verdict.PROFILED, agentLog, statistics,
                AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE).makeRaw();
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
