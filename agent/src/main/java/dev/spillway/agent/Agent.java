package dev.spillway.agent;

import dev.spillway.agent.config.AgentConfig;
import dev.spillway.agent.config.AgentLog;
import dev.spillway.agent.config.Mode;
import dev.spillway.agent.instrument.DecisionQueue;
import dev.spillway.agent.instrument.Instrumenter;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TransformStatistics;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.rewrite.RedirectDecider;
import dev.spillway.agent.rewrite.RedirectRewriter;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.RedirectAllocator;
import dev.spillway.agent.runtime.RedirectRuntime;
import dev.spillway.agent.runtime.RedirectSettings;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.telemetry.RunInfo;
import dev.spillway.agent.telemetry.SiteReport;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A running agent: the site registry, the recorder behind the runtime entry points, the installed
 * transformation, and the telemetry. Started once per {@code premain} or attach; stopped by detach.
 *
 * <p>What runs before {@code main} is kept to the transformation's installation, because classes must not load
 * before it is: the telemetry starts on a daemon thread ({@link Telemetry}), and in profile mode the sites'
 * escape analysis runs on one too ({@link DecisionQueue}), so that loading the application's first classes
 * waits only for their probes.
 */
final class Agent {
    private final AgentConfig config;
    private final AgentLog log;
    private final Instant startedAt;
    private final AllocationRecorder recorder;
    private final Instrumenter instrumenter;
    private final RedirectAllocator redirector;
    private final DecisionQueue decisions;
    private final Telemetry telemetry;
    private final Thread shutdownHook;
    private RunInfo run;
    private boolean stopped;

    private Agent(AgentConfig config, AgentLog log, Instant startedAt, AllocationRecorder recorder,
            Instrumenter instrumenter, RedirectAllocator redirector, DecisionQueue decisions) {
        this.config = config;
        this.log = log;
        this.startedAt = startedAt;
        this.recorder = recorder;
        this.instrumenter = instrumenter;
        this.redirector = redirector;
        this.decisions = decisions;
        this.telemetry = new Telemetry(config, log, recorder);
        this.shutdownHook = new Thread(new Runnable() {
            @Override
            public void run() {
                atExit();
            }
        }, "spillway-exit");
    }

    /**
     * Starts the agent. No lambda or method reference runs on this way to {@code main}, here or in the first
     * transformations (anonymous and named classes instead): a lambda's first use spins a class, about 2 ms each
     * and 10 ms for the JVM's first, measured in docs/AGENT.md#start-up-cost.
     */
    static Agent start(AgentConfig config, Instrumentation instrumentation, AgentLog log, boolean attached) {
        long startNanos = System.nanoTime();
        Mode mode = config.mode();
        if (config.designate().isEmpty()) {
            log.warn("no class is designated (option designate); nothing will be instrumented");
        }
        Instant startedAt = Instant.now();
        SiteRegistry sites = new SiteRegistry();
        AllocationRecorder recorder = new AllocationRecorder(sites, config.threshold(), new Supplier<>() {
            @Override
            public HeapGeometry get() {
                return HeapGeometry.detect();
            }
        });
        TransformStatistics transforms = new TransformStatistics();
        boolean redirect = mode == Mode.REDIRECT;
        // Profile mode analyses too, so that the report says what redirect would do with each site.
        RedirectDecider decider = RedirectDecider.perClassLoader(redirect, new Predicate<>() {
            @Override
            public boolean test(String name) {
                return config.designate().matches(name) && !config.exclude().matches(name);
            }
        });
        // Redirect mode must decide before it rewrites; profile mode's probe is the same whatever the verdict.
        boolean decideLater = !redirect;
        DecisionQueue decisions = decideLater ? new DecisionQueue(log) : null;
        SitePass pass = redirect
                ? new SitePass(sites, decider, Verdict.KEPT, new RedirectRewriter())
                : decideLater ? SitePass.decidingLater(sites, decider, decisions)
                : new SitePass(sites, decider, Verdict.PROFILED);
        RedirectAllocator redirector = redirect
                ? new RedirectAllocator(recorder, RedirectSettings.of(config.offHeapLimit(), config.recyclerBudget(),
                        config.verify()), log::warn)
                : null;
        SpillwayRuntime.install(recorder);
        if (redirector != null) {
            RedirectRuntime.install(redirector);
        }
        Instrumenter instrumenter;
        try {
            instrumenter = Instrumenter.install(instrumentation, attached, config.designate(), config.exclude(),
                    pass, log, transforms);
        } catch (RuntimeException | LinkageError e) {
            SpillwayRuntime.uninstall(recorder);
            RedirectRuntime.uninstall(redirector);
            throw e;
        }
        log.debug("transformation installed in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
        Agent agent = new Agent(config, log, startedAt, recorder, instrumenter, redirector, decisions);
        Runtime.getRuntime().addShutdownHook(agent.shutdownHook);
        Thread telemetry = new Thread(new Runnable() {
            @Override
            public void run() {
                agent.startTelemetry(transforms);
            }
        }, "spillway-telemetry");
        telemetry.setDaemon(true);
        telemetry.start();
        log.info((attached ? "attached" : "started") + " in " + mode.token() + " mode, designate="
                + config.designate() + ", threshold=" + config.threshold() + ", report in "
                + config.out().resolve(SiteReport.FILE_NAME));
        return agent;
    }

    private synchronized void startTelemetry(TransformStatistics transforms) {
        if (!stopped) {
            telemetry.start(run(), transforms);
        }
    }

    /**
     * What the report and the events say about the agent, made when first asked for: reading the agent's version
     * from its jar's manifest loads a good part of java.nio, which need not happen before main.
     */
    private synchronized RunInfo run() {
        if (run == null) {
            run = new RunInfo(version(), config.mode(), config.threshold(), config.designate(), config.exclude(),
                    config.verify(), startedAt);
        }
        return run;
    }

    private synchronized void atExit() {
        if (stopped) {
            return;
        }
        // Every site's decision is final before anything reports it.
        if (decisions != null) {
            decisions.runPending();
        }
        telemetry.emitSummaries();
        writeReport();
    }

    /** Restores the original classes, writes the report and stops all telemetry. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        if (!instrumenter.reset()) {
            log.warn("some classes could not be restored on detach; their probes stay and count nothing");
        }
        if (decisions != null) {
            decisions.close();
        }
        SpillwayRuntime.uninstall(recorder);
        // Leases still out in running methods go back to the allocator, which stays open for them.
        RedirectRuntime.uninstall(redirector);
        if (redirector != null && redirector.checker() != null) {
            redirector.checker().close();
        }
        telemetry.close();
        writeReport();
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook sees stopped and does nothing.
        }
        log.info("detached; the original classes are restored");
    }

    private void writeReport() {
        try {
            Path written = SiteReport.write(config.out(), SiteReport.render(run(), recorder.heapGeometry(),
                    recorder.sites().entries(), Instant.now()));
            log.info("wrote " + written);
        } catch (IOException | RuntimeException e) {
            log.error("could not write the site report to " + config.out() + " (" + e + ")");
        }
    }

    private static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
