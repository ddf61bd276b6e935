package dev.spillway.agent.rewrite;

import static dev.spillway.agent.rewrite.RedirectHarness.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.rewrite.corpus.Local;
import dev.spillway.allocator.recycle.RecyclerMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A loop that redirects a 4 MiB array many times stays within a fixed recycler budget: one array circulates.
 * Zeroing 4 MiB costs about 0.2 ms here, so the default run does 2,000 iterations (0.2 to 2 s); the full million
 * runs with {@code -Dspillway.test.million=true}: 220 s on 2 shared cores (2026-11-21), one array throughout.
 */
class RedirectMemoryTest {
    private static final int FOUR_MIB = 4 << 20;
    private static final long BUDGET = 8L << 20;

    @Test
    void twoThousandRedirectsOfFourMebibytesReuseOneArray() throws Throwable {
        loop(2_000);
    }

    @Test
    @EnabledIfSystemProperty(named = "spillway.test.million", matches = "true")
    void aMillionRedirectsOfFourMebibytesReuseOneArray() throws Throwable {
        loop(1_000_000);
    }

    private static void loop(int times) throws Throwable {
        try (RedirectHarness harness = new RedirectHarness(settings(BUDGET, 64L << 20, false))) {
            assertEquals(Local.loop(1024, times), harness.call("Local", "loop", FOUR_MIB, times));
            RecyclerMetric recycler = harness.allocator.recyclerIfStarted().metric();
            assertEquals(times, harness.statistics("Local", "loop").redirectedAllocations());
            assertEquals(1, recycler.misses());
            assertEquals(times - 1, recycler.hits());
            assertTrue(recycler.pooledBytes() <= BUDGET);
            assertEquals(0, harness.allocator.outstanding());
        }
    }
}
