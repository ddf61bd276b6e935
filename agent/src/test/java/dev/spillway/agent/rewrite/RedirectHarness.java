package dev.spillway.agent.rewrite;

import dev.spillway.agent.analysis.ClassResolver;
import dev.spillway.agent.analysis.EscapeAnalyzer;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TypeHierarchy;
import dev.spillway.agent.runtime.AllocationRecorder;
import dev.spillway.agent.runtime.HeapGeometry;
import dev.spillway.agent.runtime.RedirectAllocator;
import dev.spillway.agent.runtime.RedirectRuntime;
import dev.spillway.agent.runtime.RedirectSettings;
import dev.spillway.agent.runtime.SpillwayRuntime;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.SiteStatistics;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.RewritingClassLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A redirect agent without the JVM plumbing: registry, recorder and allocator installed into the runtime entry
 * points, and a class loader that defines the corpus classes as {@link SitePass} rewrites them (after checking
 * each rewritten class with ASM's {@code CheckClassAdapter}).
 */
final class RedirectHarness implements AutoCloseable {
    static final int THRESHOLD = 64 * 1024;
    static final String CORPUS = "dev.spillway.agent.rewrite.corpus.";

    final SiteRegistry registry = new SiteRegistry();
    final AllocationRecorder recorder;
    final RedirectAllocator allocator;
    final List<String> log = new ArrayList<>();
    private final SitePass pass;
    private final ClassLoader loader;

    RedirectHarness(RedirectSettings settings) {
        this(settings, decider -> decider);
    }

    RedirectHarness(RedirectSettings settings, UnaryOperator<RedirectDecider> adjust) {
        recorder = new AllocationRecorder(registry, THRESHOLD, () -> new HeapGeometry("G1", 4 << 20, 16));
        recorder.heapGeometry();
        allocator = new RedirectAllocator(recorder, settings, log::add);
        EscapeAnalyzer analyzer = new EscapeAnalyzer(ClassResolver.ofClassLoader(getClass().getClassLoader()),
                name -> name.startsWith(CORPUS), EscapeAnalyzer.DEFAULT_DEPTH);
        pass = new SitePass(registry, adjust.apply(RedirectDecider.withAnalyzer(true, analyzer)), Verdict.KEPT,
                new RedirectRewriter());
        Map<String, UnaryOperator<byte[]>> rewrites = new HashMap<>();
        for (String name : List.of("Local", "Shapes", "Held")) {
            rewrites.put(CORPUS + name, this::rewriteChecked);
        }
        loader = new RewritingClassLoader(rewrites, getClass().getClassLoader());
        SpillwayRuntime.install(recorder);
        RedirectRuntime.install(allocator);
    }

    static RedirectSettings settings(long recyclerBudget, long offHeapLimit, boolean verify) {
        return new RedirectSettings(offHeapLimit, recyclerBudget, verify, 1 << 20);
    }

    private byte[] rewriteChecked(byte[] original) {
        byte[] rewritten = pass.apply(original, TypeHierarchy.of(getClass().getClassLoader()));
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(rewritten), RedirectHarness.class.getClassLoader(), false,
                new PrintWriter(problems));
        if (!problems.toString().isEmpty()) {
            throw new AssertionError("the rewritten class does not verify:\n" + problems);
        }
        return rewritten;
    }

    Class<?> load(String simpleName) throws ClassNotFoundException {
        return Class.forName(CORPUS + simpleName, true, loader);
    }

    Object call(String simpleName, String method, Object... arguments) throws Throwable {
        for (Method candidate : load(simpleName).getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                try {
                    return candidate.invoke(null, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    SiteEntry site(String simpleName, String method) {
        List<SiteEntry> found = sites(simpleName, method);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " sites in " + simpleName + "." + method);
        }
        return found.get(0);
    }

    List<SiteEntry> sites(String simpleName, String method) {
        List<SiteEntry> found = new ArrayList<>();
        for (SiteEntry entry : registry.entries()) {
            if (entry.site().className().equals(CORPUS + simpleName) && entry.site().methodName().equals(method)) {
                found.add(entry);
            }
        }
        return found;
    }

    SiteStatistics statistics(String simpleName, String method) {
        return registry.entry(site(simpleName, method).index()).counters().snapshot();
    }

    @Override
    public void close() {
        if (allocator.checker() != null) {
            allocator.checker().close();
        }
        RedirectRuntime.uninstall(allocator);
        SpillwayRuntime.uninstall(recorder);
    }
}
