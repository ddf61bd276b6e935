package dev.spillway.agent.instrument;

import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.ClassPatterns;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the site transformation into a JVM and takes it out again, with nothing but
 * {@code java.lang.instrument}: a retransformation-capable {@link SiteTransformer}.
 *
 * <p>The transformation changes method bodies only (no member is added or removed), so classes that are
 * already loaded can be retransformed on attach, and restored on detach: with the transformer removed, a
 * retransformation starts again from the class file the class was defined from.
 */
public final class Instrumenter {
    private final Instrumentation instrumentation;
    private final SiteTransformer transformer;
    private final AgentLog log;

    private Instrumenter(Instrumentation instrumentation, SiteTransformer transformer, AgentLog log) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.log = log;
    }

    /**
     * Installs the transformation and, when attaching, retransforms the designated classes already loaded.
     *
     * @param attached whether the agent is being attached to a running JVM (rather than started by premain,
     *     when no application class is loaded yet)
     * @param designate classes to instrument
     * @param exclude classes never to instrument
     * @param pass the transformation of one class
     * @param log where failures are reported
     * @param statistics counts transformed and failed classes
     */
    public static Instrumenter install(Instrumentation instrumentation, boolean attached, ClassPatterns designate,
            ClassPatterns exclude, SitePass pass, AgentLog log, TransformStatistics statistics) {
        SiteTransformer transformer = new SiteTransformer(new Designation(designate, exclude), pass, log, statistics);
        instrumentation.addTransformer(transformer, true);
        Instrumenter instrumenter = new Instrumenter(instrumentation, transformer, log);
        if (attached) {
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (instrumentation.isModifiableClass(type) && transformer.designates(type)) {
                    loaded.add(type);
                }
            }
            for (int refused = instrumenter.retransform(loaded, "instrument"); refused > 0; refused--) {
                statistics.failed();
            }
        }
        return instrumenter;
    }

    /** The transformer {@link #install} installs, for tests that call it as the JVM would. */
    static ClassFileTransformer transformer(ClassPatterns designate, ClassPatterns exclude, SiteRegistry registry,
            SiteDecider decider, Verdict fallbackVerdict, AgentLog log, TransformStatistics statistics) {
        return new SiteTransformer(new Designation(designate, exclude), new SitePass(registry, decider,
                fallbackVerdict), log, statistics);
    }

    /** Removes the transformation and restores every class it rewrote; true when all were restored. */
    public boolean reset() {
        instrumentation.removeTransformer(transformer);
        return retransform(transformer.rewrittenAmong(instrumentation.getAllLoadedClasses()), "restore") == 0;
    }

    /**
     * Retransforms {@code classes} in one batch, and one by one when the batch fails, so that one class the JVM
     * refuses does not hold back the others; reports each refused class, saying what could not be done to it.
     *
     * @return how many classes the JVM refused to retransform
     */
    private int retransform(List<Class<?>> classes, String purpose) {
        if (classes.isEmpty()) {
            return 0;
        }
        try {
            instrumentation.retransformClasses(classes.toArray(Class<?>[]::new));
            return 0;
        } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailure) {
            int refused = 0;
            for (Class<?> type : classes) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    refused++;
                    log.warn("could not " + purpose + " " + type.getName() + "; it runs as it was (" + e + ")");
                }
            }
            return refused;
        }
    }
}
