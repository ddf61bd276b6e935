package dev.spillway.benchmarks;

import dev.spillway.allocator.LeakDetection;
import dev.spillway.allocator.arena.ScopedArena;
import dev.spillway.allocator.block.BlockPool;
import dev.spillway.allocator.pool.Pool;
import dev.spillway.allocator.recycle.ByteArrayRecycler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One allocation and its release, per size, for every allocator side by side; {@link OneThread} and
 * {@link TwoThreads} run the same methods with one and two threads sharing each allocator.
 *
 * <p>What each method pays for: {@code pool} zeroes (its default), and {@code nettyZeroed} is its like for
 * Netty ({@code directBuffer} then {@code setZero}, what a Netty user does to get zeroed memory);
 * {@code poolUninitialized}, {@code scopedArena}, {@code blockPool} and {@code netty} do not zero, like Netty's
 * {@code directBuffer};
 * {@code newByteArray}, {@code recycler}, {@code allocateDirect} and {@code ffmConfinedArena} zero because they
 * cannot avoid it. {@code scopedArena} opens an arena, allocates {@value #ARENA_BATCH} times and closes it, and
 * reports the time per allocation. Every result is consumed by a {@link Blackhole}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dio.netty.leakDetection.level=disabled", "-Xms1g", "-Xmx1g"})
public abstract class AllocationBenchmark {

    static final int ARENA_BATCH = 16;

    /** The allocators, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Allocators {

        @Param({"64", "4096", "65536", "1048576"})
        public int size;

        Pool pool;
        BlockPool blockPool;
        ByteArrayRecycler recycler;
        PooledByteBufAllocator netty;

        @Setup(Level.Trial)
        public void open() {
            pool = Pool.builder().name("benchmark").leakDetection(LeakDetection.DISABLED).build();
            blockPool = BlockPool.builder().name("benchmark").blockSize(Math.max(4096, size)).initialBlocks(16)
                    .maxBlocks(64).build();
            recycler = ByteArrayRecycler.builder().name("benchmark").maxPooledBytes(64L << 20).build();
            // Netty 4.2 gives thread caches only to its own FastThreadLocalThreads by default; JMH's threads get
            // them too here, so that Netty runs at its best.
            netty = new PooledByteBufAllocator(true, PooledByteBufAllocator.defaultNumHeapArena(),
                    PooledByteBufAllocator.defaultNumDirectArena(), PooledByteBufAllocator.defaultPageSize(),
                    PooledByteBufAllocator.defaultMaxOrder(), PooledByteBufAllocator.defaultSmallCacheSize(),
                    PooledByteBufAllocator.defaultNormalCacheSize(), true);
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
            blockPool.close();
            recycler.close();
        }
    }

    @Benchmark
    public void pool(Allocators allocators, Blackhole blackhole) {
        MemorySegment segment = allocators.pool.allocate(allocators.size);
        blackhole.consume(segment);
        allocators.pool.free(segment);
    }

    @Benchmark
    public void poolUninitialized(Allocators allocators, Blackhole blackhole) {
        MemorySegment segment = allocators.pool.allocateUninitialized(allocators.size);
        blackhole.consume(segment);
        allocators.pool.free(segment);
    }

    @Benchmark
    @OperationsPerInvocation(ARENA_BATCH)
    public void scopedArena(Allocators allocators, Blackhole blackhole) {
        try (ScopedArena arena = ScopedArena.open(allocators.pool)) {
            for (int i = 0; i < ARENA_BATCH; i++) {
                blackhole.consume(arena.allocateUninitialized(allocators.size));
            }
        }
    }

    @Benchmark
    public void blockPool(Allocators allocators, Blackhole blackhole) {
        MemorySegment block = allocators.blockPool.acquireUninitialized();
        blackhole.consume(block);
        allocators.blockPool.release(block);
    }

    @Benchmark
    public void recycler(Allocators allocators, Blackhole blackhole) {
        byte[] array = allocators.recycler.tryAcquire(allocators.size);
        blackhole.consume(array);
        allocators.recycler.release(array);
    }

    @Benchmark
    public void newByteArray(Allocators allocators, Blackhole blackhole) {
        blackhole.consume(new byte[allocators.size]);
    }

    @Benchmark
    public void allocateDirect(Allocators allocators, Blackhole blackhole) {
        blackhole.consume(ByteBuffer.allocateDirect(allocators.size));
    }

    @Benchmark
    public void ffmConfinedArena(Allocators allocators, Blackhole blackhole) {
        try (Arena arena = Arena.ofConfined()) {
            blackhole.consume(arena.allocate(allocators.size));
        }
    }

    @Benchmark
    public void netty(Allocators allocators, Blackhole blackhole) {
        ByteBuf buffer = allocators.netty.directBuffer(allocators.size, allocators.size);
        blackhole.consume(buffer);
        buffer.release();
    }

    @Benchmark
    public void nettyZeroed(Allocators allocators, Blackhole blackhole) {
        ByteBuf buffer = allocators.netty.directBuffer(allocators.size, allocators.size);
        buffer.setZero(0, allocators.size);
        blackhole.consume(buffer);
        buffer.release();
    }

    /** Every method with one thread. */
    @Threads(1)
    public static class OneThread extends AllocationBenchmark {
    }

    /** Every method with two threads sharing each allocator. */
    @Threads(2)
    public static class TwoThreads extends AllocationBenchmark {
    }
}
