package dev.spillway.agent.telemetry;

import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.LargeAllocationListener;
import dev.spillway.agent.runtime.RedirectOutcome;
import dev.spillway.agent.sites.Site;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteStatistics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import jdk.jfr.FlightRecorder;

/**
 * The agent's JFR events: a throttled {@code LargeAllocation} per large allocation, a periodic {@code
 * SiteSummary} per site that has allocated, and {@code AgentConfiguration} at the start of each chunk.
 *
 * <p>Events cost nothing while no recording asks for them; throttling state is only touched when one does.
 */
public final class JfrTelemetry implements AutoCloseable {
    private final RunInfo run;
    private final AllocationRecorder recorder;
    private final int throttle;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<Integer, EventThrottle> throttles = new ConcurrentHashMap<>();
    private final LargeAllocationListener largeAllocations = new LargeAllocationListener() {
        @Override
        public void onLargeAllocation(SiteEntry site, int size, boolean humongous) {
            onLargeAllocation(site, size, humongous, RedirectOutcome.PLAIN);
        }

        @Override
        public void onLargeAllocation(SiteEntry site, int size, boolean humongous, RedirectOutcome outcome) {
            JfrTelemetry.this.onLargeAllocation(site, size, humongous, outcome);
        }
    };
    private final Runnable summaryHook = this::emitSummaries;
    private final Runnable configurationHook = this::emitConfiguration;

    /**
     * @param run what the configuration event says
     * @param recorder the counters to report and the large allocations to listen to
     * @param throttle LargeAllocation events per site per second, 0 for no limit
     * @param nanoClock the throttle's clock, {@code System::nanoTime} outside tests
     */
    public JfrTelemetry(RunInfo run, AllocationRecorder recorder, int throttle, LongSupplier nanoClock) {
        this.run = run;
        this.recorder = recorder;
        this.throttle = throttle;
        this.nanoClock = nanoClock;
    }

    /**
     * Registers the periodic events and starts listening to large allocations. A recording that is already
     * running has passed its chunk start, so it gets the configuration event now.
     */
    public void start() {
        FlightRecorder.addPeriodicEvent(SiteSummaryEvent.class, summaryHook);
        FlightRecorder.addPeriodicEvent(AgentConfigurationEvent.class, configurationHook);
        recorder.addListener(largeAllocations);
        emitConfiguration();
    }

    /** Stops listening and unregisters the periodic events. */
    @Override
    public void close() {
        recorder.removeListener(largeAllocations);
        FlightRecorder.removePeriodicEvent(summaryHook);
        FlightRecorder.removePeriodicEvent(configurationHook);
    }

    /** Emits one SiteSummary per site that has allocated; also called at exit and on detach. */
    public void emitSummaries() {
        if (!new SiteSummaryEvent().isEnabled()) {
            return;
        }
        for (SiteEntry entry : recorder.sites().entries()) {
            SiteStatistics statistics = entry.counters().snapshot();
            if (statistics.allocations() == 0) {
                continue;
            }
            Site site = entry.site();
            SiteSummaryEvent event = new SiteSummaryEvent();
            event.describe(site);
            event.verdict = entry.decision().verdict().name();
            event.reason = entry.decision().reasonToken();
            event.detail = entry.decision().detail();
            event.allocations = statistics.allocations();
            event.bytes = statistics.bytes();
            event.largeAllocations = statistics.largeAllocations();
            event.largeBytes = statistics.largeBytes();
            event.humongousAllocations = statistics.humongousAllocations();
            event.humongousBytes = statistics.humongousBytes();
            event.redirectedAllocations = statistics.redirectedAllocations();
            event.redirectedBytes = statistics.redirectedBytes();
            event.fallbackAllocations = statistics.fallbackAllocations();
            event.belowThresholdAllocations = statistics.belowThresholdAllocations();
            event.commit();
        }
    }

    private void emitConfiguration() {
        AgentConfigurationEvent event = new AgentConfigurationEvent();
        event.version = run.version();
        event.mode = run.mode().token();
        event.threshold = run.threshold();
        event.designate = run.designate().toString();
        event.exclude = run.exclude().toString();
        event.regionSize = recorder.heapGeometry().regionSize();
        event.verify = run.verify();
        event.commit();
    }

    private void onLargeAllocation(SiteEntry entry, int size, boolean humongous, RedirectOutcome outcome) {
        LargeAllocationEvent event = new LargeAllocationEvent();
        if (!event.isEnabled()) {
            return;
        }
        long[] weight = throttles.computeIfAbsent(entry.index(), index -> new EventThrottle(throttle))
                .offer(size, nanoClock.getAsLong());
        if (weight == null) {
            return;
        }
        Site site = entry.site();
        event.describe(site);
        event.size = size;
        event.humongous = humongous;
        event.outcome = outcome.name();
        event.weight = weight[0];
        event.weightBytes = weight[1];
        event.commit();
    }
}
