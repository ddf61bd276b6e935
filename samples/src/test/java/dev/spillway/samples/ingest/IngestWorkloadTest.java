package dev.spillway.samples.ingest;

import dev.spillway.samples.load.LoadResult;
import dev.spillway.samples.load.LoadSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IngestWorkloadTest {

    private static LoadSpec spec(int concurrency, long seed) {
        return new LoadSpec(60, concurrency, seed, 1024, 600 * 1024);
    }

    private static LoadResult run(LoadSpec spec) throws Exception {
        try (IngestWorkload workload = new IngestWorkload(spec)) {
            LoadResult result = workload.run();
            assertEquals(result.bytes(), workload.storedBytes(), "storage stored every byte the producers sent");
            return result;
        }
    }

    @Nested
    class A_run_s_checksum {

        @Test
        void is_the_same_on_one_thread_and_on_four() throws Exception {
            assertEquals(run(spec(1, 42)).outputChecksum(), run(spec(4, 42)).outputChecksum());
        }

        @Test
        void changes_with_the_seed() throws Exception {
            assertNotEquals(run(spec(2, 42)).outputChecksum(), run(spec(2, 43)).outputChecksum());
        }
    }

    @Test
    void refuses_messages_longer_than_the_protocol_allows() {
        assertThrows(IllegalArgumentException.class,
                () -> new IngestWorkload(new LoadSpec(1, 1, 1, 0, Frame.MAX_LENGTH + 1)));
    }
}
