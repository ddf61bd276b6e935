package dev.spillway.allocator.recycle;

/**
 * Read-only statistics of a {@link ByteArrayRecycler}; counters are cumulative since it was built, each value is
 * read on its own.
 */
public interface RecyclerMetric {

    /** @return the recycler's name */
    String name();

    /** @return bytes of arrays resting in the recycler */
    long pooledBytes();

    /** @return the bound on {@link #pooledBytes()} */
    long limitBytes();

    /** @return calls of {@code tryAcquire} */
    long borrows();

    /** @return borrows served with a resting array */
    long hits();

    /** @return borrows served with a new array because none of that length was resting */
    long misses();

    /** @return borrows answered {@code null}: length outside what the recycler pools */
    long refusals();

    /** @return arrays released and kept */
    long returns();

    /** @return arrays released and dropped (bound reached, length not pooled, double release) or evicted */
    long discards();

    /** @return releases of an array that was already resting, ignored (a subset of {@link #discards()}) */
    long doubleReleases();
}
