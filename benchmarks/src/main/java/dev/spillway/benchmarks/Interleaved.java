package dev.spillway.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures contenders in alternating rounds of fixed length in one JVM, for A/B comparisons on a shared, noisy
 * machine: a burst of load hits every contender of a round alike, which separate JMH forks minutes apart do not.
 * The figure to read is the median over rounds of each round's own ratio ({@link #medianRatio}). A complement to
 * the JMH benchmarks, not a replacement.
 *
 * <p>Rounds: every contender runs {@code roundNanos} on each of {@code threads} threads (which start each round
 * together), then the next contender; the first {@code warmUpRounds} rounds are not kept. Time per operation is per
 * thread, as JMH's average time.
 */
public final class Interleaved {

    private static final int BATCH = 8;
    private static final AtomicLong SINK = new AtomicLong();

    private Interleaved() {
    }

    /** One call of what is measured; returns something derived from its work, so that the JIT keeps the work. */
    @FunctionalInterface
    public interface Operation {
        long run();
    }

    /**
     * @param name what the contender is
     * @param operationsPerCall how many operations one call of {@code operation} stands for
     * @param operation the call
     */
    public record Contender(String name, int operationsPerCall, Operation operation) {
    }

    /**
     * @return per contender, the nanoseconds per operation and thread of each kept round
     */
    public static double[][] measure(List<Contender> contenders, int threads, int warmUpRounds, int measuredRounds,
            long roundNanos) throws InterruptedException {
        int rounds = warmUpRounds + measuredRounds;
        long[][] operations = new long[contenders.size()][rounds];
        long[][] elapsed = new long[contenders.size()][rounds];
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("interleaved-" + t).start(() -> {
                long sum = 0;
                try {
                    for (int round = 0; round < rounds; round++) {
                        for (int c = 0; c < contenders.size(); c++) {
                            Operation operation = contenders.get(c).operation();
                            barrier.await();
                            long start = System.nanoTime();
                            long time;
                            long calls = 0;
                            do {
                                for (int i = 0; i < BATCH; i++) {
                                    sum += operation.run();
                                }
                                calls += BATCH;
                                time = System.nanoTime() - start;
                            } while (time < roundNanos);
                            synchronized (operations) {
                                operations[c][round] += calls * contenders.get(c).operationsPerCall();
                                elapsed[c][round] += time;
                            }
                        }
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
                SINK.addAndGet(sum);
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double[][] nanosPerOp = new double[contenders.size()][measuredRounds];
        for (int c = 0; c < contenders.size(); c++) {
            for (int round = warmUpRounds; round < rounds; round++) {
                nanosPerOp[c][round - warmUpRounds] = (double) elapsed[c][round] / operations[c][round];
            }
        }
        return nanosPerOp;
    }

    /** @return "median [first quartile–third quartile]" of the rounds, in whole units */
    public static String describe(double[] nanosPerOp) {
        double[] sorted = nanosPerOp.clone();
        Arrays.sort(sorted);
        return String.format("%.0f [%.0f-%.0f]", median(sorted), sorted[sorted.length / 4], sorted[sorted.length * 3 / 4]);
    }

    /** @return the median over rounds of {@code a[round] / b[round]} */
    public static double medianRatio(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        Arrays.sort(ratios);
        return median(ratios);
    }

    /** A value derived from all the contenders' work, to print so that the JIT cannot drop it. */
    public static long checksum() {
        return SINK.get() & 0xFF;
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
