package dev.spillway.benchmarks;

import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.pool.Pool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;

/**
 * A quick interleaved A/B of {@code Pool.allocateUninitialized}+{@code free} against Netty's
 * {@code directBuffer}+{@code release} in one JVM and one thread. On a shared, noisy machine, alternating the two
 * in short rounds exposes both to the same load, which separate JMH forks minutes apart do not. Not a substitute
 * for JMH on a quiet machine.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
 * -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar
 * dev.spillway.benchmarks.PoolVersusNetty 64 4096 65536}
 */
public final class PoolVersusNetty {

    private static final int OPERATIONS = 2_000_000;
    private static final int WARM_UP_ROUNDS = 4;
    private static final int MEASURED_ROUNDS = 8;

    private PoolVersusNetty() {
    }

    /** @param args sizes in bytes */
    public static void main(String[] args) {
        long checksum = 0;
        for (String arg : args) {
            int size = Integer.parseInt(arg);
            try (Pool pool = Pool.builder().name("a-b").leakDetection(LeakDetection.DISABLED).build()) {
                PooledByteBufAllocator netty = new PooledByteBufAllocator(true,
                        PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                        PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                        PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                        true);
                long poolNanos = 0;
                long nettyNanos = 0;
                for (int round = 0; round < WARM_UP_ROUNDS + MEASURED_ROUNDS; round++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < OPERATIONS; i++) {
                        MemorySegment segment = pool.allocateUninitialized(size);
                        checksum += segment.address();
                        pool.free(segment);
                    }
                    long middle = System.nanoTime();
                    for (int i = 0; i < OPERATIONS; i++) {
                        ByteBuf buffer = netty.directBuffer(size, size);
                        checksum += buffer.capacity();
                        buffer.release();
                    }
                    long end = System.nanoTime();
                    if (round >= WARM_UP_ROUNDS) {
                        poolNanos += middle - start;
                        nettyNanos += end - middle;
                    }
                }
                double operations = (double) OPERATIONS * MEASURED_ROUNDS;
                System.out.printf("%8d B: pool %8.1f ns/op, netty %8.1f ns/op, pool/netty %.2f%n", size,
                        poolNanos / operations, nettyNanos / operations, (double) poolNanos / nettyNanos);
            }
        }
        // Printed so that the JIT cannot drop the loops' results.
        System.out.println("checksum " + (checksum & 0xFF));
    }
}
