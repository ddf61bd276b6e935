package dev.spillway.samples.blobcache;

import dev.spillway.allocator.pool.Pool;
import dev.spillway.samples.load.LoadSpec;
import dev.spillway.samples.load.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobStoreTest {

    private final Pool pool = Pool.builder().name("blobcache-test").build();

    @AfterEach
    void closePool() {
        pool.close();
    }

    private static long crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] value(long seed, int length) {
        byte[] bytes = new byte[length];
        new Payloads(seed).fill(0, 0, bytes, 0, length);
        return bytes;
    }

    @Nested
    @DisplayName("the off-heap store")
    class OffHeap {

        @Test
        void returns_what_the_heap_store_returns_for_every_id_present_or_not() {
            BlobCacheWorkload workload = new BlobCacheWorkload(new LoadSpec(1, 1, 9, 0, 0), 20_000, 4_000, StoreKind.OFF_HEAP);
            try (BlobStore heap = new HeapBlobStore(16); BlobStore offHeap = new OffHeapBlobStore(pool, 16)) {
                workload.load(heap);
                workload.load(offHeap);
                Payloads payloads = workload.spec().payloads();
                for (int i = 0; i < 20_100; i++) {
                    long uid = payloads.key(i);
                    assertEquals(heap.crc32c(uid), offHeap.crc32c(uid), "entry " + i);
                }
                assertEquals(-1, offHeap.crc32c(payloads.key(20_000)));
                assertEquals(20_000, offHeap.entries());
                assertEquals(heap.entries(), offHeap.entries());
            }
        }

        @ParameterizedTest(name = "replaces a value of {0} bytes by one of {1}")
        @CsvSource({"10, 20", "20, 0", "10, 100000", "100000, 10", "100000, 200000", "70000, 65536"})
        void replaces_values_whatever_their_sizes(int first, int second) {
            try (OffHeapBlobStore store = new OffHeapBlobStore(pool, 4)) {
                store.put(7, value(1, first), 0, first);
                store.put(8, value(3, 50), 0, 50);
                byte[] replacement = value(2, second);
                store.put(7, replacement, 0, second);
                assertEquals(crcOf(replacement), store.crc32c(7));
                assertEquals(crcOf(value(3, 50)), store.crc32c(8));
                assertEquals(2, store.entries());
            }
        }

        @Test
        void stores_only_the_given_range_of_the_source_array() {
            byte[] source = value(4, 100);
            try (OffHeapBlobStore store = new OffHeapBlobStore(pool, 4)) {
                store.put(1, source, 10, 30);
                assertEquals(crcOf(Arrays.copyOfRange(source, 10, 40)), store.crc32c(1));
            }
        }

        @Test
        void keeps_every_entry_as_its_index_grows() {
            try (OffHeapBlobStore store = new OffHeapBlobStore(pool, 1)) {
                for (long uid = -5_000; uid < 5_000; uid++) {
                    store.put(uid, new byte[] {(byte) uid, (byte) (uid >> 8)}, 0, 2);
                }
                for (long uid = -5_000; uid < 5_000; uid++) {
                    assertEquals(crcOf(new byte[] {(byte) uid, (byte) (uid >> 8)}), store.crc32c(uid), "uid " + uid);
                }
                assertEquals(10_000, store.entries());
            }
        }

        @Test
        void gives_all_its_memory_back_to_the_pool_when_closed() {
            OffHeapBlobStore store = new OffHeapBlobStore(pool, 1000);
            for (int i = 0; i < 3_000; i++) {
                int length = i % 500 == 0 ? 300_000 : 40;
                store.put(i, value(i, length), 0, length);
            }
            store.put(0, value(0, 5), 0, 5);
            assertTrue(store.offHeapBytes() > 5 * 300_000L);
            assertTrue(pool.metric().usedBytes() >= store.offHeapBytes());
            store.close();
            assertEquals(0, pool.metric().usedBytes());
        }
    }

    @Nested
    @DisplayName("a blob cache run")
    class Runs {

        @Test
        void gives_the_same_checksum_on_the_heap_and_off_it_and_on_any_number_of_threads() throws Exception {
            String heap = run(StoreKind.HEAP, 1);
            assertEquals(heap, run(StoreKind.OFF_HEAP, 1));
            assertEquals(heap, run(StoreKind.OFF_HEAP, 4));
        }

        @Test
        void keeps_its_values_off_the_heap_only_in_the_off_heap_store() throws Exception {
            LoadSpec spec = new LoadSpec(1_000, 2, 5, 0, 0);
            assertEquals(0, new BlobCacheWorkload(spec, 5_000, 1_000, StoreKind.HEAP).run().offHeapBytes());
            assertTrue(new BlobCacheWorkload(spec, 5_000, 1_000, StoreKind.OFF_HEAP).run().offHeapBytes() > 5 * BlobCacheWorkload.LARGE_MIN);
        }

        private String run(StoreKind kind, int threads) throws Exception {
            return new BlobCacheWorkload(new LoadSpec(20_000, threads, 11, 0, 0), 10_000, 2_500, kind).run()
                    .lookups().outputChecksum();
        }
    }
}
