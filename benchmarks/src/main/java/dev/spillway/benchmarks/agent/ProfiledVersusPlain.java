package dev.spillway.benchmarks.agent;

import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.benchmarks.Interleaved;
import dev.spillway.benchmarks.Interleaved.Contender;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An {@link Interleaved} A/B of a profiled site against the same {@code new byte[n]} unprofiled, for allocations below
 * the threshold (64 KiB): what {@link ProfiledSiteBenchmark} measures, in alternating rounds in one JVM so that a
 * noisy machine's load hits both alike.
 *
 * <p>A third contender bounds what any probe could achieve: {@link CounterFloor} adds one to a count and the size to
 * a sum, in two plain static fields, before the same allocation. That is less than a probe must do (it loses counts
 * when threads race, keeps no histogram and knows no site), so no exact per-site probe can cost less.
 *
 * <p>{@code java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.spillway.benchmarks.agent.ProfiledVersusPlain
 * 256 4096}
 */
public final class ProfiledVersusPlain {

    private static final long ROUND_NANOS = 20_000_000;
    private static final int WARM_UP_ROUNDS = 25;
    private static final int MEASURED_ROUNDS = 75;

    private ProfiledVersusPlain() {
    }

    /**
     * Where each array goes, so that the JIT cannot drop the allocation (it removes an array whose only use is its
     * length). One field written by one thread: which is why this A/B runs on one thread only.
     */
    private static byte[] lastArray;

    /** The cheapest counting conceivable in front of {@code new byte[n]}: racy, one site, no histogram. */
    static final class CounterFloor implements IntFunction<byte[]> {
        static long allocations;
        static long bytes;

        @Override
        public byte[] apply(int size) {
            allocations++;
            bytes += size;
            return new byte[size];
        }
    }

    /** @param args sizes in bytes below 64 KiB */
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        SiteRegistry registry = new SiteRegistry();
        AllocationRecorder recorder = new AllocationRecorder(registry, 64 * 1024, HeapGeometry::detect);
        recorder.heapGeometry();
        SpillwayRuntime.install(recorder);
        IntFunction<byte[]> plain = new Subject();
        IntFunction<byte[]> profiled = ProfiledSiteBenchmark.profiledSubject(registry);
        IntFunction<byte[]> floor = new CounterFloor();
        for (int size : sizes) {
            measure(plain, profiled, floor, size);
        }
        System.out.printf("one thread; ns per allocation, median [quartiles] of %d rounds; ratios: median of the"
                + " rounds' ratios to plain%n", MEASURED_ROUNDS);
        System.out.printf("%9s  %-21s %-21s %-21s  %-8s %s%n", "size", "plain", "profiled", "counter floor",
                "profiled", "floor");
        for (int size : sizes) {
            double[][] nanosPerOp = measure(plain, profiled, floor, size);
            System.out.printf("%9d  %-21s %-21s %-21s  %-8.2f %.2f%n", size, Interleaved.describe(nanosPerOp[0]),
                    Interleaved.describe(nanosPerOp[1]), Interleaved.describe(nanosPerOp[2]),
                    Interleaved.medianRatio(nanosPerOp[1], nanosPerOp[0]),
                    Interleaved.medianRatio(nanosPerOp[2], nanosPerOp[0]));
        }
        if (CounterFloor.allocations == 0) {
            throw new IllegalStateException("the counter floor counted nothing");
        }
        long counted = recorder.sites().entry(0).counters().snapshot().allocations();
        if (counted == 0) {
            throw new IllegalStateException("the profiled copy counted nothing; no probe was measured");
        }
        System.out.println("checksum " + Interleaved.checksum() + ", profiled allocations counted " + counted);
    }

    private static double[][] measure(IntFunction<byte[]> plain, IntFunction<byte[]> profiled,
            IntFunction<byte[]> floor, int size) throws InterruptedException {
        List<Contender> contenders = List.of(
                new Contender("plain", 1, () -> keep(plain.apply(size))),
                new Contender("profiled", 1, () -> keep(profiled.apply(size))),
                new Contender("counter floor", 1, () -> keep(floor.apply(size))));
        return Interleaved.measure(contenders, 1, WARM_UP_ROUNDS, MEASURED_ROUNDS, ROUND_NANOS);
    }

    private static long keep(byte[] array) {
        lastArray = array;
        return array.length;
    }
}
