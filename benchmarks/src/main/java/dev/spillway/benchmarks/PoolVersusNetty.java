package dev.spillway.benchmarks;

import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.arena.ScopedArena;
import dev.spillway.allocator.pool.Pool;
import dev.spillway.benchmarks.Interleaved.Contender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Interleaved} A/B of the pool against Netty's pooled allocator, zeroed and not: {@code Pool.allocate}
 * against {@code directBuffer}+{@code setZero}, {@code Pool.allocateUninitialized} against {@code directBuffer}, each
 * followed by its release, and a {@code ScopedArena} (opened, {@value #ARENA_BATCH} uninitialized allocations,
 * closed; time per allocation), with one or more threads sharing each allocator.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
 * -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar
 * dev.spillway.benchmarks.PoolVersusNetty [--threads N] 64 4096 65536 1048576}
 */
public final class PoolVersusNetty {

    private static final long ROUND_NANOS = 20_000_000;
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 60;
    private static final int ARENA_BATCH = 16;

    private PoolVersusNetty() {
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
        System.out.printf("%9s  %-21s %-21s %-21s %-21s %-21s  %s%n", "size", "pool zeroed", "netty zeroed",
                "pool uninitialized", "netty", "scoped arena",
                "median ratio of the rounds to Netty: zeroed, uninitialized, arena");
        for (int size : sizes) {
            double[][] nanosPerOp = measure(size, threads);
            System.out.printf("%9d  %-21s %-21s %-21s %-21s %-21s  %.2f, %.2f, %.2f%n", size,
                    Interleaved.describe(nanosPerOp[0]), Interleaved.describe(nanosPerOp[1]),
                    Interleaved.describe(nanosPerOp[2]), Interleaved.describe(nanosPerOp[3]),
                    Interleaved.describe(nanosPerOp[4]), Interleaved.medianRatio(nanosPerOp[0], nanosPerOp[1]),
                    Interleaved.medianRatio(nanosPerOp[2], nanosPerOp[3]),
                    Interleaved.medianRatio(nanosPerOp[4], nanosPerOp[3]));
        }
        System.out.println("checksum " + Interleaved.checksum());
    }

    private static double[][] measure(int size, int threads) throws InterruptedException {
        try (Pool pool = Pool.builder().name("a-b").leakDetection(LeakDetection.DISABLED).build()) {
            PooledByteBufAllocator netty = new PooledByteBufAllocator(true,
                    PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                    PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                    true);
            List<Contender> contenders = List.of(
                    poolContender("pool zeroed", pool, size, true),
                    new Contender("netty zeroed", 1, () -> {
                        ByteBuf buffer = netty.directBuffer(size, size);
                        buffer.setZero(0, size);
                        long address = buffer.memoryAddress();
                        buffer.release();
                        return address;
                    }),
                    poolContender("pool uninitialized", pool, size, false),
                    new Contender("netty", 1, () -> {
                        ByteBuf buffer = netty.directBuffer(size, size);
                        long address = buffer.memoryAddress();
                        buffer.release();
                        return address;
                    }),
                    new Contender("scoped arena", ARENA_BATCH, () -> {
                        long address = 0;
                        try (ScopedArena arena = ScopedArena.open(pool)) {
                            for (int i = 0; i < ARENA_BATCH; i++) {
                                address += arena.allocateUninitialized(size).address();
                            }
                        }
                        return address;
                    }));
            return Interleaved.measure(contenders, threads, WARM_UP_ROUNDS, MEASURED_ROUNDS, ROUND_NANOS);
        }
    }

    private static Contender poolContender(String name, Pool pool, int size, boolean zeroed) {
        return new Contender(name, 1, () -> {
            MemorySegment segment = zeroed ? pool.allocate(size) : pool.allocateUninitialized(size);
            long address = segment.address();
            pool.free(segment);
            return address;
        });
    }
}
