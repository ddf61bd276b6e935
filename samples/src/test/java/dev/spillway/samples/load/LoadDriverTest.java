package dev.spillway.samples.load;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadDriverTest {

    private static Operation.Outcome checksummedPayload(Payloads payloads, long index) {
        byte[] bytes = new byte[payloads.size(index, 1, 4096)];
        payloads.fill(index, 0, bytes, 0, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new Operation.Outcome(bytes.length, crc.getValue());
    }

    @Nested
    class Runs {

        @ParameterizedTest(name = "on {0} threads the checksum matches the single-threaded run")
        @ValueSource(ints = {2, 3, 8})
        void give_the_same_checksum_whatever_the_concurrency(int threads) throws Exception {
            Payloads payloads = new Payloads(5);
            LoadResult single = new LoadDriver("t", new LoadSpec(500, 1, 5, 1, 4096)).run(i -> checksummedPayload(payloads, i));
            LoadResult many = new LoadDriver("t", new LoadSpec(500, threads, 5, 1, 4096)).run(i -> checksummedPayload(payloads, i));
            assertEquals(single.outputChecksum(), many.outputChecksum());
            assertEquals(single.bytes(), many.bytes());
        }

        @Test
        void perform_every_operation_exactly_once() throws Exception {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            LoadResult result = new LoadDriver("t", new LoadSpec(1000, 4, 1, 0, 0)).run(i -> {
                assertTrue(seen.add(i), "operation " + i + " ran twice");
                return new Operation.Outcome(1, i);
            });
            assertEquals(1000, seen.size());
            assertEquals(1000, result.bytes());
        }

        @Test
        void give_different_checksums_for_different_outputs() throws Exception {
            LoadSpec spec = new LoadSpec(100, 2, 1, 0, 0);
            LoadResult one = new LoadDriver("t", spec).run(i -> new Operation.Outcome(0, i));
            LoadResult other = new LoadDriver("t", spec).run(i -> new Operation.Outcome(0, i + 1));
            assertNotEquals(one.outputChecksum(), other.outputChecksum());
        }
    }

    @Test
    void a_failing_operation_fails_the_run_naming_it() {
        Exception e = assertThrows(Exception.class, () -> new LoadDriver("t", new LoadSpec(100, 3, 1, 0, 0)).run(i -> {
            if (i == 37) {
                throw new IOException("upstream reset");
            }
            return new Operation.Outcome(0, i);
        }));
        assertTrue(e.getMessage().contains("operation 37"), e.getMessage());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void the_result_line_carries_the_measurements_as_json() throws Exception {
        LoadResult result = new LoadDriver("unit", new LoadSpec(10, 1, 9, 0, 0)).run(i -> new Operation.Outcome(100, i));
        String line = result.resultLine();
        assertTrue(line.startsWith(LoadResult.RESULT_PREFIX));
        var json = Json.parseObject(line.substring(LoadResult.RESULT_PREFIX.length()));
        assertEquals("unit", json.get("workload"));
        assertEquals(10L, json.get("operations"));
        assertEquals(1000L, json.get("bytes"));
        assertEquals(result.outputChecksum(), json.get("outputChecksum"));
        assertTrue(json.get("latencyMs") instanceof java.util.Map<?, ?> latency && latency.containsKey("p99"));
    }
}
