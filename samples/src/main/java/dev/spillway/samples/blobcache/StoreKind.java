package dev.spillway.samples.blobcache;

/** Where the blob cache keeps its values. */
public enum StoreKind {
    /** {@link HeapBlobStore}: a {@code HashMap<Long, byte[]>}. */
    HEAP,
    /** {@link OffHeapBlobStore}: slabs and an index in the allocator's pool, managed by hand. */
    OFF_HEAP
}
