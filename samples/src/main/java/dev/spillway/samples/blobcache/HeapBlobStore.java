package dev.spillway.samples.blobcache;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The usual way: a {@code HashMap<Long, byte[]>}. Every entry costs a boxed key, a map node and
 * an array header besides its bytes, and all of it is traced by every full marking of the heap.
 */
public final class HeapBlobStore implements BlobStore {

    private final Map<Long, byte[]> values;

    public HeapBlobStore(int expectedEntries) {
        this.values = HashMap.newHashMap(expectedEntries);
    }

    @Override
    public void put(long uid, byte[] value, int offset, int length) {
        values.put(uid, Arrays.copyOfRange(value, offset, offset + length));
    }

    @Override
    public long crc32c(long uid) {
        byte[] value = values.get(uid);
        if (value == null) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(value);
        return crc.getValue();
    }

    @Override
    public long entries() {
        return values.size();
    }

    @Override
    public long offHeapBytes() {
        return 0;
    }

    @Override
    public void close() {
        values.clear();
    }
}
