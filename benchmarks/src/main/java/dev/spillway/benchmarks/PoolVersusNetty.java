package dev.spillway.benchmarks;

import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.arena.ScopedArena;
import dev.spillway.allocator.pool.Pool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An interleaved A/B of the pool against Netty's pooled allocator in one JVM, zeroed and not:
 * {@code Pool.allocate} against {@code directBuffer}+{@code setZero}, {@code Pool.allocateUninitialized} against
 * {@code directBuffer}, each followed by its release, and a {@code ScopedArena} (opened, {@value #ARENA_BATCH}
 * uninitialized allocations, closed; time per allocation), with one or more threads sharing each allocator.
 *
 * <p>On a shared, noisy machine, alternating the contenders in short rounds exposes them to the same load, which
 * separate JMH forks minutes apart do not; the figure to read is the median over rounds of each round's ratio, which
 * a burst of load on one round cannot move. Time per operation is per thread, as JMH's average time. It complements
 * {@code AllocationBenchmark}, it does not replace it.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
 * -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar
 * dev.spillway.benchmarks.PoolVersusNetty [--threads N] 64 4096 65536 1048576}
 */
public final class PoolVersusNetty {

    private static final long ROUND_NANOS = 20_000_000;
    private static final int BATCH = 8;
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 60;
    private static final List<String> NAMES = List.of("pool zeroed", "netty zeroed", "pool uninitialized", "netty",
            "scoped arena");
    private static final int ARENA_BATCH = 16;

    private static final AtomicLong SINK = new AtomicLong();

    private PoolVersusNetty() {
    }

    private interface Contender {
        /** @return something derived from the memory, so that the JIT keeps the work */
        long allocateAndRelease(int size);
    }

    /** @param args {@code [--threads N] SIZE...}, sizes in bytes */
    public static void main(String[] args) throws InterruptedException {
        int threads = 1;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        // A first pass over every size warms the JIT up on all of them, so that the first size is not measured
        // while the allocators' code is still being compiled for the others.
        for (int size : sizes) {
            measure(size, threads);
        }
        System.out.printf("%d thread(s); ns per operation, median [quartiles] of %d rounds%n", threads, MEASURED_ROUNDS);
        System.out.printf("%9s  %-21s %-21s %-21s %-21s %-21s  %s%n", "size", NAMES.get(0), NAMES.get(1),
                NAMES.get(2), NAMES.get(3), NAMES.get(4), "median ratio of the rounds to Netty: zeroed, uninitialized, arena");
        for (int size : sizes) {
            double[][] nanosPerOp = measure(size, threads);
            System.out.printf("%9d  %-21s %-21s %-21s %-21s %-21s  %.2f, %.2f, %.2f%n", size, describe(nanosPerOp[0]),
                    describe(nanosPerOp[1]), describe(nanosPerOp[2]), describe(nanosPerOp[3]), describe(nanosPerOp[4]),
                    medianRatio(nanosPerOp[0], nanosPerOp[1]), medianRatio(nanosPerOp[2], nanosPerOp[3]),
                    medianRatio(nanosPerOp[4], nanosPerOp[3]));
        }
        // Printed so that the JIT cannot drop the loops' results.
        System.out.println("checksum " + (SINK.get() & 0xFF));
    }

    /** @return per contender, the time per operation and thread of each measured round */
    private static double[][] measure(int size, int threads) throws InterruptedException {
        try (Pool pool = Pool.builder().name("a-b").leakDetection(LeakDetection.DISABLED).build()) {
            PooledByteBufAllocator netty = new PooledByteBufAllocator(true,
                    PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                    PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                    true);
            List<Contender> contenders = List.of(
                    n -> {
                        MemorySegment segment = pool.allocate(n);
                        long address = segment.address();
                        pool.free(segment);
                        return address;
                    },
                    n -> {
                        ByteBuf buffer = netty.directBuffer(n, n);
                        buffer.setZero(0, n);
                        long address = buffer.memoryAddress();
                        buffer.release();
                        return address;
                    },
                    n -> {
                        MemorySegment segment = pool.allocateUninitialized(n);
                        long address = segment.address();
                        pool.free(segment);
                        return address;
                    },
                    n -> {
                        ByteBuf buffer = netty.directBuffer(n, n);
                        long address = buffer.memoryAddress();
                        buffer.release();
                        return address;
                    },
                    n -> {
                        long address = 0;
                        try (ScopedArena arena = ScopedArena.open(pool)) {
                            for (int i = 0; i < ARENA_BATCH; i++) {
                                address += arena.allocateUninitialized(n).address();
                            }
                        }
                        return address;
                    });
            int[] operationsPerCall = {1, 1, 1, 1, ARENA_BATCH};
            int rounds = WARM_UP_ROUNDS + MEASURED_ROUNDS;
            double[][] nanosPerOp = new double[contenders.size()][MEASURED_ROUNDS];
            long[][] operations = new long[contenders.size()][rounds];
            long[][] elapsed = new long[contenders.size()][rounds];
            CyclicBarrier barrier = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().name("a-b-" + t).start(() -> {
                    long sum = 0;
                    try {
                        for (int round = 0; round < rounds; round++) {
                            for (int c = 0; c < contenders.size(); c++) {
                                Contender contender = contenders.get(c);
                                barrier.await();
                                long start = System.nanoTime();
                                long time;
                                long done = 0;
                                do {
                                    for (int i = 0; i < BATCH; i++) {
                                        sum += contender.allocateAndRelease(size);
                                    }
                                    done += BATCH;
                                    time = System.nanoTime() - start;
                                } while (time < ROUND_NANOS);
                                synchronized (operations) {
                                    operations[c][round] += done * operationsPerCall[c];
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
            for (int c = 0; c < contenders.size(); c++) {
                for (int round = WARM_UP_ROUNDS; round < rounds; round++) {
                    nanosPerOp[c][round - WARM_UP_ROUNDS] = (double) elapsed[c][round] / operations[c][round];
                }
            }
            return nanosPerOp;
        }
    }

    private static String describe(double[] nanosPerOp) {
        double[] sorted = nanosPerOp.clone();
        Arrays.sort(sorted);
        return String.format("%.0f [%.0f-%.0f]", median(sorted), sorted[sorted.length / 4], sorted[sorted.length * 3 / 4]);
    }

    private static double medianRatio(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = a[i] / b[i];
        }
        Arrays.sort(ratios);
        return median(ratios);
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
