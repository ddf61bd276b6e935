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
     * The agent's defaults: off-heap limit 1 GiB, recycler budget a quarter of the maximum heap but at most
     * 256 MiB, quarantine 64 MiB.
     */
    public static RedirectSettings defaults(boolean verify) {
        long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
        return new RedirectSettings(1L << 30, Math.max(1 << 20, Math.min(256L << 20, quarterHeap)), verify, 64L << 20);
    }
}
