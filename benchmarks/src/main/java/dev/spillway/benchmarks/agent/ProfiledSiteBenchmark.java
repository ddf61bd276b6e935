package dev.spillway.benchmarks.agent;

import dev.spillway.agent.instrument.SiteDecider;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TypeHierarchy;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of a profiled site for an allocation below the threshold, against the same {@code new byte[n]}
 * unprofiled. The profiled copy of {@link Subject} is rewritten by the agent's own pass, so it runs exactly the
 * probe the agent inserts ({@code DUP}, site number, {@code SpillwayRuntime.profile}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ProfiledSiteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ProfiledSiteBenchmark {

    @Param({"256", "4096"})
    int size;

    private IntFunction<byte[]> plain;
    private IntFunction<byte[]> profiled;
    private AllocationRecorder recorder;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException, IOException {
        SiteRegistry registry = new SiteRegistry();
        recorder = new AllocationRecorder(registry, 64 * 1024, HeapGeometry::detect);
        recorder.heapGeometry();
        SpillwayRuntime.install(recorder);
        plain = new Subject();
        profiled = profiledSubject(registry);
    }

    /**
     * @return a copy of {@link Subject} rewritten by the agent's own pass in profile mode, its site registered in
     *     {@code registry} as site 0
     */
    @SuppressWarnings("unchecked")
    static IntFunction<byte[]> profiledSubject(SiteRegistry registry) throws ReflectiveOperationException, IOException {
        byte[] original;
        try (InputStream in = Subject.class.getResourceAsStream("Subject.class")) {
            original = in.readAllBytes();
        }
        byte[] rewritten = new SitePass(registry, SiteDecider.profileOnly(), Verdict.PROFILED)
                .apply(original, TypeHierarchy.of(Subject.class.getClassLoader()));
        Class<?> type = new ProfiledLoader(rewritten).loadClass(Subject.class.getName());
        return (IntFunction<byte[]>) type.getConstructor().newInstance();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        SpillwayRuntime.uninstall(recorder);
        boolean profiledRan = params.getBenchmark().endsWith(".profiled")
                || params.getBenchmark().endsWith(".profiledTwoThreads");
        if (profiledRan && recorder.sites().entry(0).counters().snapshot().allocations() == 0) {
            throw new IllegalStateException("the profiled copy counted nothing; the benchmark measured no probe");
        }
    }

    @Benchmark
    public byte[] plain() {
        return plain.apply(size);
    }

    @Benchmark
    public byte[] profiled() {
        return profiled.apply(size);
    }

    @Benchmark
    @Threads(2)
    public byte[] plainTwoThreads() {
        return plain.apply(size);
    }

    @Benchmark
    @Threads(2)
    public byte[] profiledTwoThreads() {
        return profiled.apply(size);
    }

    /** Defines the rewritten {@link Subject}; everything else comes from the benchmark's loader. */
    private static final class ProfiledLoader extends ClassLoader {
        private final byte[] subject;

        ProfiledLoader(byte[] subject) {
            super("profiled", ProfiledSiteBenchmark.class.getClassLoader());
            this.subject = subject;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Subject.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, subject, 0, subject.length);
            }
        }
    }
}
