package dev.spillway.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.AsmClassReader;
import net.bytebuddy.utility.AsmClassWriter;

/**
 * Installs the site transformation into a JVM and takes it out again.
 *
 * <p>The class format stays as it is (no members added, no schema change), so classes that are already
 * loaded can be retransformed on attach and restored on detach.
 */
public final class Instrumenter {
    private final Instrumentation instrumentation;
    private final ResettableClassFileTransformer transformer;

    private Instrumenter(Instrumentation instrumentation, ResettableClassFileTransformer transformer) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
    }

    /**
     * Installs the transformation and, when attaching, retransforms the designated classes already loaded.
     *
     * @param attached whether the agent is being attached to a running JVM (rather than started by premain)
     * @param designate classes to instrument
     * @param exclude classes never to instrument
     * @param registry where sites are registered
     * @param decider decides each site
     * @param fallbackVerdict verdict of a site whose decision failed
     * @param log where failures are reported
     * @param statistics counts transformed and failed classes
     */
    public static Instrumenter install(Instrumentation instrumentation, boolean attached, ClassPatterns designate,
            ClassPatterns exclude, SiteRegistry registry, SiteDecider decider, Verdict fallbackVerdict,
            AgentLog log, TransformStatistics statistics) {
        return install(instrumentation, attached, designate, exclude,
                new SitePass(registry, decider, fallbackVerdict), log, statistics);
    }

    /** As the other {@code install}, with a pass of the caller's (redirect mode's pass rewrites sites). */
    public static Instrumenter install(Instrumentation instrumentation, boolean attached, ClassPatterns designate,
            ClassPatterns exclude, SitePass pass, AgentLog log, TransformStatistics statistics) {
        // In premain no application class is loaded yet: skip Byte Buddy's scan of the JVM's loaded classes,
        // which costs start-up time for nothing. The transformer stays retransformation-capable either way, so
        // detach restores what it rewrote.
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery = attached
                ? AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE
                : new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit();
        ResettableClassFileTransformer transformer = agentBuilder(designate, exclude, pass, log, statistics,
                discovery).installOn(instrumentation);
        return new Instrumenter(instrumentation, transformer);
    }

    /** The agent builder {@link #install} installs; tests drive its raw transformer directly. */
    static AgentBuilder agentBuilder(ClassPatterns designate, ClassPatterns exclude, SiteRegistry registry,
            SiteDecider decider, Verdict fallbackVerdict, AgentLog log, TransformStatistics statistics,
            AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery) {
        return agentBuilder(designate, exclude, new SitePass(registry, decider, fallbackVerdict), log, statistics,
                discovery);
    }

    static AgentBuilder agentBuilder(ClassPatterns designate, ClassPatterns exclude, SitePass pass, AgentLog log,
            TransformStatistics statistics, AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery) {
        // The agent injects no classes, so Byte Buddy need not reach for sun.misc.Unsafe, which would make the
        // JVM print a deprecation warning into the application's output. Shading renames the property, and
        // the constant with it, so it only affects this copy of Byte Buddy.
        if (System.getProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY) == null) {
            System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
        }
        OriginalClassFiles classFiles = new OriginalClassFiles();
        SiteVisitorWrapper wrapper = new SiteVisitorWrapper(pass, classFiles, statistics);
        // Byte Buddy's own ASM, not the class-file-API bridge: the bridge lives in META-INF/versions, which
        // shading does not relocate.
        ByteBuddy byteBuddy = new ByteBuddy()
                .with(AsmClassReader.Factory.Default.ASM_ONLY)
                .with(AsmClassWriter.Factory.Default.ASM_ONLY)
                .with(TypeValidation.DISABLED);
        return new AgentBuilder.Default(byteBuddy)
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(discovery)
                .with(classFiles)
                .with(new TransformListener(log, statistics, classFiles))
                // Loader first: JDK classes are then ignored without being described at all.
                .ignore(any(), isBootstrapClassLoader().or(isExtensionClassLoader()))
                .or(nameStartsWith("dev.spillway.agent.").or(nameStartsWith("dev.spillway.shaded.")))
                .type(new Designation(designate, exclude), new RuntimeVisibility())
                .transform((builder, type, loader, module, protectionDomain) -> builder.visit(wrapper.forLoader(loader)));
    }

    /** Removes the transformation and restores every class it rewrote; true when all were restored. */
    public boolean reset() {
        return transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }
}
