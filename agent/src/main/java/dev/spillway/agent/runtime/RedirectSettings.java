package dev.spillway.agent.runtime;

/**
 * How the redirect runtime sizes its memory.
 *
 * @param offHeapLimit the most bytes the agent's pool may reserve from the OS; beyond it buffer sites fall back
 * @param recyclerBudget the most bytes of arrays resting in the agent's recycler; longer arrays fall back
 * @param verify whether released values are quarantined and watched for escapes instead of reused at once
 * @param quarantineBytes with {@code verify}, how many bytes of released buffers wait, poisoned, before they are
 *     checked and freed
 */
public record RedirectSettings(long offHeapLimit, long recyclerBudget, boolean verify, long quarantineBytes) {

    public RedirectSettings {
        if (offHeapLimit < 1 || recyclerBudget < 1 || quarantineBytes < 0) {
            throw new IllegalArgumentException("limits must be positive: " + offHeapLimit + ", " + recyclerBudget
                    + ", " + quarantineBytes);
        }
    }

    /**
     * The agent's settings: a quarantine of 64 MiB with {@code verify}.
     *
     * @param offHeapLimit option {@code offheaplimit}
     * @param recyclerBudget option {@code recyclerbudget}; 0 for a quarter of the maximum heap, at most 256 MiB
     */
    public static RedirectSettings of(long offHeapLimit, long recyclerBudget, boolean verify) {
        long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
        long budget = recyclerBudget > 0 ? recyclerBudget : Math.max(1 << 20, Math.min(256L << 20, quarterHeap));
        return new RedirectSettings(offHeapLimit, budget, verify, 64L << 20);
    }

    /** The agent's defaults: off-heap limit 1 GiB, the default recycler budget. */
    public static RedirectSettings defaults(boolean verify) {
        return of(1L << 30, 0, verify);
    }
}
