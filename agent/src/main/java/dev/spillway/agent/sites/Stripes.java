package dev.spillway.agent.sites;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which counter stripe the current thread may write without atomic instructions.
 *
 * <p>There are {@link #COUNT} stripes, shared by every site. A thread's stripe is its id modulo the count, and it
 * owns that stripe if no other live thread does: the first thread to ask claims it, and a later one takes it over
 * only once the owner has terminated. A stripe is thus written by one thread at a time, so its counters can be
 * read, added to and written back with plain instructions and still lose nothing. A thread whose stripe a live
 * thread owns gets {@code -1} and counts on atomic counters instead.
 *
 * <p>Taking over from a terminated owner is safe because the takeover first sees {@link Thread#isAlive()} return
 * false, and everything a thread did happens-before another thread's finding it terminated (JLS 17.4.4).
 */
public final class Stripes {
    /** Number of stripes: a power of two, four per processor, from 8 to 64. */
    public static final int COUNT = count(Runtime.getRuntime().availableProcessors());

    private static final Thread[] OWNERS = new Thread[COUNT];
    private static final VarHandle OWNER = MethodHandles.arrayElementVarHandle(Thread[].class);

    private Stripes() {}

    static int count(int processors) {
        int wanted = Math.clamp(4L * processors, 8, 64);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** The stripe the current thread owns, claiming it if it is free or its owner has terminated; else -1. */
    public static int ofCurrentThread() {
        Thread thread = Thread.currentThread();
        int stripe = (int) thread.threadId() & (COUNT - 1);
        // A plain read: only this thread ever stores itself here, so a stale value can never equal it.
        Thread owner = OWNERS[stripe];
        if (owner == thread) {
            return stripe;
        }
        return claim(thread, stripe, owner);
    }

    private static int claim(Thread thread, int stripe, Thread seen) {
        if ((seen == null || !seen.isAlive()) && OWNER.compareAndSet(OWNERS, stripe, seen, thread)) {
            return stripe;
        }
        return -1;
    }
}
