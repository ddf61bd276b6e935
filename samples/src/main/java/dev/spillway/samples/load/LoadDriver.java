package dev.spillway.samples.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies a fixed number of operations from a fixed number of threads, as fast as they complete
 * (a closed loop, like a pool of clients), and measures each one.
 *
 * <p>Threads take the next operation index from a shared counter, so which thread runs which
 * operation varies from run to run; the checksum does not, see {@link OutputChecksum}. The first
 * failure stops the run and is rethrown: a load test that hides errors measures nothing.
 */
public final class LoadDriver {

    private final String workload;
    private final LoadSpec spec;

    public LoadDriver(String workload, LoadSpec spec) {
        this.workload = workload;
        this.spec = spec;
    }

    public LoadResult run(Operation operation) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        LatencyHistogram latencies = new LatencyHistogram();
        OutputChecksum checksum = new OutputChecksum();
        LongAdder bytes = new LongAdder();

        Runnable worker = () -> {
            long index;
            while (failure.get() == null && (index = next.getAndIncrement()) < spec.operations()) {
                long start = System.nanoTime();
                try {
                    Operation.Outcome outcome = operation.perform(index);
                    latencies.record(System.nanoTime() - start);
                    bytes.add(outcome.bytes());
                    checksum.add(index, outcome.digest());
                } catch (Exception e) {
                    failure.compareAndSet(null, new Exception(workload + " operation " + index + " failed: " + e, e));
                }
            }
        };

        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>(spec.concurrency());
        for (int i = 0; i < spec.concurrency(); i++) {
            threads.add(Thread.ofPlatform().name(workload + "-load-" + i).start(worker));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new LoadResult(workload, spec, bytes.sum(), elapsed,
                latencies.percentileNanos(0.50), latencies.percentileNanos(0.99), latencies.maxNanos(), checksum.hex());
    }
}
