package dev.spillway.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StripesTest {

    @Test
    void areFourPerProcessorRoundedUpToAPowerOfTwoFrom8To64() {
        assertEquals(8, Stripes.count(1));
        assertEquals(8, Stripes.count(2));
        assertEquals(16, Stripes.count(3));
        assertEquals(16, Stripes.count(4));
        assertEquals(64, Stripes.count(16));
        assertEquals(64, Stripes.count(500));
        assertEquals(Integer.bitCount(Stripes.COUNT), 1);
    }

    @Test
    void aStripeIsOwnedByOneLiveThreadAndTakenOverOnceItHasTerminated() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ownerStripeLater = new AtomicInteger(-2);
        // Live threads of other tests (the JVM's main thread among them) may own stripes; fresh threads are tried
        // until one lands on a free stripe. One that does not terminates at once and holds nothing.
        Thread owner = null;
        int stripe = -1;
        for (int attempt = 0; attempt < 4 * Stripes.COUNT && stripe < 0; attempt++) {
            AtomicInteger claimedStripe = new AtomicInteger(-2);
            CountDownLatch claimed = new CountDownLatch(1);
            owner = new Thread(() -> {
                claimedStripe.set(Stripes.ofCurrentThread());
                claimed.countDown();
                if (claimedStripe.get() >= 0) {
                    await(release);
                    ownerStripeLater.set(Stripes.ofCurrentThread());
                }
            });
            owner.start();
            claimed.await();
            stripe = claimedStripe.get();
        }
        assertTrue(stripe >= 0, "no fresh thread got a stripe: every stripe is owned by a live thread");

        AtomicInteger otherStripe = new AtomicInteger(-2);
        Thread rival = threadOnStripe(stripe, () -> otherStripe.set(Stripes.ofCurrentThread()));
        rival.start();
        rival.join();
        assertEquals(-1, otherStripe.get(), "a rival gets no stripe while the owner lives");

        release.countDown();
        owner.join();
        assertEquals(stripe, ownerStripeLater.get(), "the owner keeps its stripe");

        Thread successor = threadOnStripe(stripe, () -> otherStripe.set(Stripes.ofCurrentThread()));
        successor.start();
        successor.join();
        assertEquals(stripe, otherStripe.get(), "a terminated owner's stripe is taken over");
    }

    @Test
    void countersLoseNothingWithMoreThreadsThanStripes() throws InterruptedException {
        SiteCounters counters = new SiteCounters();
        int threads = 3 * Stripes.COUNT;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int size = t % 2 == 0 ? 100 : 5000;
            Thread worker = new Thread(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    counters.recordAllocation(size);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long each = (long) threads / 2 * perThread;
        SiteStatistics statistics = counters.snapshot();
        assertEquals(2 * each, statistics.allocations());
        assertEquals(each * 100 + each * 5000, statistics.bytes());
        assertEquals(each, statistics.histogram()[6]);
        assertEquals(each, statistics.histogram()[12]);
    }

    @Test
    void countersLoseNothingOnVirtualThreads() throws InterruptedException {
        SiteCounters counters = new SiteCounters();
        int threads = 10_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int size = t;
            workers.add(Thread.ofVirtual().start(() -> {
                counters.recordAllocation(size);
                Thread.yield();
                counters.recordAllocation(size);
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        SiteStatistics statistics = counters.snapshot();
        assertEquals(2L * threads, statistics.allocations());
        assertEquals((long) threads * (threads - 1), statistics.bytes());
    }

    @Test
    void countersKeepWhatTerminatedOwnersCounted() throws InterruptedException {
        SiteCounters counters = new SiteCounters();
        int threads = 4 * Stripes.COUNT;
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    counters.recordAllocation(i);
                }
            });
            worker.start();
            worker.join();
        }
        SiteStatistics statistics = counters.snapshot();
        assertEquals(threads * 1000L, statistics.allocations());
        assertEquals(threads * 999L * 1000 / 2, statistics.bytes());
    }

    /** A thread, not started, whose id falls on {@code stripe}. */
    private static Thread threadOnStripe(int stripe, Runnable task) {
        while (true) {
            Thread thread = new Thread(task);
            if ((thread.threadId() & (Stripes.COUNT - 1)) == stripe) {
                return thread;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
