package dev.spillway.samples.blobcache;

/**
 * A cache of small binary values by 64-bit id, the shape of session stores, feature caches and
 * dedup indexes. Loaded by one thread, then read by many: {@link #put} must not run concurrently
 * with anything, {@link #crc32c} may run on any number of threads once loading is over.
 */
public sealed interface BlobStore extends AutoCloseable permits HeapBlobStore, OffHeapBlobStore {

    /** Stores a copy of {@code value[offset, offset + length)} under {@code uid}, replacing any earlier value. */
    void put(long uid, byte[] value, int offset, int length);

    /** The CRC32C of the value stored under {@code uid}, or -1 when there is none. */
    long crc32c(long uid);

    long entries();

    /** Bytes of memory outside the Java heap that the store holds; 0 for a heap store. */
    long offHeapBytes();

    @Override
    void close();
}
