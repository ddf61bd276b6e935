package dev.spillway.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's resolved configuration; see docs/AGENT.md for each option.
 *
 * @param designate classes to instrument
 * @param exclude classes never to instrument, even when designated
 * @param mode what to do with sites
 * @param threshold size in bytes from which an allocation is large (JFR event, large counters)
 * @param out directory of the site report
 * @param metrics address of the Prometheus endpoint, empty when there is none
 * @param verify whether redirected sites are checked for escapes at run time
 * @param log how much the agent prints
 * @param strict whether an invalid option stops the JVM instead of disabling the agent
 * @param throttle LargeAllocation events per site per second, 0 for no limit
 * @param offHeapLimit redirect mode: the most bytes the agent's off-heap pool may reserve
 * @param recyclerBudget redirect mode: the most bytes of arrays resting in the agent's recycler, 0 for the default
 *     (a quarter of the maximum heap, at most 256 MiB)
 */
public record AgentConfig(
        ClassPatterns designate,
        ClassPatterns exclude,
        Mode mode,
        int threshold,
        Path out,
        Optional<MetricsAddress> metrics,
        boolean verify,
        LogLevel log,
        boolean strict,
        int throttle,
        long offHeapLimit,
        long recyclerBudget) {

    public AgentConfig {
        if (threshold < 0 || throttle < 0 || offHeapLimit < 1 || recyclerBudget < 0) {
            throw new IllegalArgumentException("threshold, throttle, offHeapLimit and recyclerBudget must not be"
                    + " negative, offHeapLimit not zero");
        }
    }

    /** The configuration when no source sets anything. */
    public static AgentConfig defaults() {
        return new AgentConfig(ClassPatterns.none(), ClassPatterns.none(), Mode.PROFILE, 64 * 1024,
                Path.of(OptionKey.OUT.defaultValue()), Optional.empty(), false, LogLevel.WARN, false, 20, 1L << 30, 0);
    }
}
