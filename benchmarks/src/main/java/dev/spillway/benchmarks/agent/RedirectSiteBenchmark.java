package dev.spillway.benchmarks.agent;

import dev.spillway.agent.analysis.ClassResolver;
import dev.spillway.agent.analysis.EscapeAnalyzer;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TypeHierarchy;
import dev.spillway.agent.rewrite.RedirectDecider;
import dev.spillway.agent.rewrite.RedirectRewriter;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.RedirectAllocator;
import dev.spillway.agent.runtime.RedirectRuntime;
import dev.spillway.agent.runtime.RedirectSettings;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a redirected allocation and its release against the plain one: {@code new byte[n]},
 * {@code ByteBuffer.allocate(n)} and {@code allocateDirect(n)} in {@link RedirectSubject}, called as compiled
 * ({@code plain}), as the agent rewrites it in {@code mode=redirect} ({@code redirect}), and with
 * {@code verify=true} ({@code verify}). The rewrite is the agent's own pass with the escape analysis, so the
 * redirected copy runs exactly the code the agent would install.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RedirectSiteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class RedirectSiteBenchmark {

    @Param({"65536", "1048576"})
    int size;

    @Param({"plain", "redirect", "verify"})
    String mode;

    private RedirectSites sites;
    private SiteRegistry registry;
    private AllocationRecorder recorder;
    private RedirectAllocator allocator;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException, IOException {
        if (mode.equals("plain")) {
            sites = new RedirectSubject();
            return;
        }
        registry = new SiteRegistry();
        recorder = new AllocationRecorder(registry, 64 * 1024, HeapGeometry::detect);
        recorder.heapGeometry();
        allocator = new RedirectAllocator(recorder, RedirectSettings.defaults(mode.equals("verify")), System.err::println);
        SpillwayRuntime.install(recorder);
        RedirectRuntime.install(allocator);
        EscapeAnalyzer analyzer = new EscapeAnalyzer(ClassResolver.ofClassLoader(getClass().getClassLoader()),
                name -> name.startsWith("dev.spillway.benchmarks.agent."), EscapeAnalyzer.DEFAULT_DEPTH);
        byte[] original;
        try (InputStream in = RedirectSubject.class.getResourceAsStream("RedirectSubject.class")) {
            original = in.readAllBytes();
        }
        byte[] rewritten = new SitePass(registry, RedirectDecider.withAnalyzer(true, analyzer), Verdict.KEPT,
                new RedirectRewriter()).apply(original, TypeHierarchy.of(RedirectSubject.class.getClassLoader()));
        for (SiteEntry entry : registry.entries()) {
            if (!entry.decision().verdict().redirects()) {
                throw new IllegalStateException("the subject's site is not redirected: " + entry);
            }
        }
        sites = (RedirectSites) new RewrittenLoader(rewritten).loadClass(RedirectSubject.class.getName())
                .getConstructor().newInstance();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (allocator == null) {
            return;
        }
        RedirectRuntime.uninstall(allocator);
        SpillwayRuntime.uninstall(recorder);
        if (allocator.checker() != null) {
            allocator.checker().close();
        }
        for (SiteEntry entry : registry.entries()) {
            if (entry.counters().snapshot().allocations() > 0 && entry.counters().snapshot().redirectedAllocations() == 0) {
                throw new IllegalStateException("nothing was redirected at " + entry.site().id());
            }
        }
    }

    @Benchmark
    public int array() {
        return sites.array(size);
    }

    @Benchmark
    public int heapBuffer() {
        return sites.heapBuffer(size);
    }

    @Benchmark
    public int directBuffer() {
        return sites.directBuffer(size);
    }

    /** Defines the rewritten {@link RedirectSubject}; everything else comes from the benchmark's loader. */
    private static final class RewrittenLoader extends ClassLoader {
        private final byte[] subject;

        RewrittenLoader(byte[] subject) {
            super("redirected", RedirectSiteBenchmark.class.getClassLoader());
            this.subject = subject;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(RedirectSubject.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, subject, 0, subject.length);
            }
        }
    }
}
