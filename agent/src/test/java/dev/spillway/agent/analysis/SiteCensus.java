package dev.spillway.agent.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Runs the escape analysis over every class of a jar, a directory of class files, or a JDK module
 * ({@code jrt:/java.base}), with every one of those classes designated, and reports how many sites
 * it proves. JDK classes outside the input are still read (from the running JDK) for the whitelist's
 * hierarchy checks, but are never analysed as callees unless they are part of the input.
 *
 * <p>{@code INPUT+COMPANION...} also designates the classes of the companions (a library's dependencies, so
 * that calls into them are analysed rather than kept) without counting their sites.
 *
 * <pre>{@code java -cp <test classes>:<classes>:<asm jars> dev.spillway.agent.analysis.SiteCensus [--depth N] INPUT[+COMPANION...]...}</pre>
 */
public final class SiteCensus {

    /** What the analysis concluded over one input. */
    record Census(String input, int classes, int methodsWithSites, int byteArraySites, int byteArrayRedirected,
                  int bufferSites, int bufferRedirected, Map<KeepReason, Integer> byteArrayKeeps,
                  Map<KeepReason, Integer> bufferKeeps, long analysisNanos, long analysisCpuNanos) {

        double byteArrayShare() {
            return byteArraySites == 0 ? 0 : 100.0 * byteArrayRedirected / byteArraySites;
        }

        double bufferShare() {
            return bufferSites == 0 ? 0 : 100.0 * bufferRedirected / bufferSites;
        }

        double millisPerThousandClasses() {
            return classes == 0 ? 0 : analysisNanos / 1e6 / classes * 1000;
        }

        /** CPU time of the analysing thread: unlike wall time, not inflated by other work on a shared machine. */
        double cpuMillisPerThousandClasses() {
            return classes == 0 ? 0 : analysisCpuNanos / 1e6 / classes * 1000;
        }
    }

    private SiteCensus() {
    }

    public static void main(String[] args) throws IOException {
        int depth = EscapeAnalyzer.DEFAULT_DEPTH;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--depth")) {
            depth = Integer.parseInt(args[1]);
            first = 2;
        }
        if (args.length == first) {
            System.err.println("usage: SiteCensus [--depth N] (JAR | DIR | jrt:/MODULE)[+COMPANION...]...");
            System.exit(2);
        }
        for (int i = first; i < args.length; i++) {
            String[] parts = args[i].split("\\+");
            Map<String, byte[]> companions = new TreeMap<>();
            for (int p = 1; p < parts.length; p++) {
                companions.putAll(read(parts[p]));
            }
            print(run(args[i], read(parts[0]), companions, depth));
        }
    }

    /**
     * Analyses every class in {@code classes} (internal name to class file); those and the
     * {@code companions} are designated, only the former are counted.
     */
    static Census run(String input, Map<String, byte[]> classes, Map<String, byte[]> companions, int depth) {
        ClassResolver jdk = ClassResolver.ofClassLoader(ClassLoader.getSystemClassLoader());
        ClassResolver resolver = name -> {
            byte[] bytes = classes.getOrDefault(name, companions.get(name));
            return bytes != null ? ClassResolver.ofBytes(n -> Optional.of(bytes)).resolve(name) : jdk.resolve(name);
        };
        EscapeAnalyzer analyzer = new EscapeAnalyzer(resolver, binaryName -> {
            String internalName = binaryName.replace('.', '/');
            return classes.containsKey(internalName) || companions.containsKey(internalName);
        }, depth);
        int methodsWithSites = 0;
        int[] sites = new int[SiteKind.values().length];
        int[] redirected = new int[SiteKind.values().length];
        Map<KeepReason, Integer> arrayKeeps = new EnumMap<>(KeepReason.class);
        Map<KeepReason, Integer> bufferKeeps = new EnumMap<>(KeepReason.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        long cpuNanos = 0;
        for (byte[] bytes : classes.values()) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
            Map<MethodNode, List<SiteVerdict>> verdicts = analyzer.analyze(node);
            nanos += System.nanoTime() - start;
            cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
            methodsWithSites += verdicts.size();
            for (List<SiteVerdict> method : verdicts.values()) {
                for (SiteVerdict site : method) {
                    sites[site.kind().ordinal()]++;
                    if (site.verdict() instanceof Verdict.Keep keep) {
                        (site.kind().isBuffer() ? bufferKeeps : arrayKeeps).merge(keep.reason(), 1, Integer::sum);
                    } else {
                        redirected[site.kind().ordinal()]++;
                    }
                }
            }
        }
        int array = SiteKind.NEW_BYTE_ARRAY.ordinal();
        return new Census(input, classes.size(), methodsWithSites, sites[array], redirected[array],
                sites.length == 0 ? 0 : sites[SiteKind.HEAP_BUFFER.ordinal()] + sites[SiteKind.DIRECT_BUFFER.ordinal()],
                redirected[SiteKind.HEAP_BUFFER.ordinal()] + redirected[SiteKind.DIRECT_BUFFER.ordinal()],
                arrayKeeps, bufferKeeps, nanos, cpuNanos);
    }

    static void print(Census census) {
        System.out.printf("%s: %d classes, %d methods with sites, analysis per 1000 classes: %.0f ms CPU, %.0f ms wall%n",
                census.input(), census.classes(), census.methodsWithSites(), census.cpuMillisPerThousandClasses(),
                census.millisPerThousandClasses());
        System.out.printf("  new byte[]      %6d sites, %5d proven safe (%.1f%%)%n",
                census.byteArraySites(), census.byteArrayRedirected(), census.byteArrayShare());
        census.byteArrayKeeps().forEach((reason, count) -> System.out.printf("    %-16s %6d%n", reason.token(), count));
        System.out.printf("  ByteBuffer      %6d sites, %5d proven safe (%.1f%%)%n",
                census.bufferSites(), census.bufferRedirected(), census.bufferShare());
        census.bufferKeeps().forEach((reason, count) -> System.out.printf("    %-16s %6d%n", reason.token(), count));
    }

    /** The class files of a jar, a directory or {@code jrt:/MODULE}, by internal name. */
    static Map<String, byte[]> read(String input) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        if (input.startsWith("jrt:/")) {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            Path module = jrt.getPath("/modules", input.substring("jrt:/".length()));
            readTree(module, classes);
        } else if (Files.isDirectory(Path.of(input))) {
            readTree(Path.of(input), classes);
        } else {
            try (ZipFile jar = new ZipFile(input)) {
                for (ZipEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    // Multi-release variants would shadow the base class of the same name.
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                        classes.put(name.substring(0, name.length() - ".class".length()), jar.getInputStream(entry).readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    private static void readTree(Path root, Map<String, byte[]> classes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                    .forEach(p -> {
                        try {
                            ClassReader reader = new ClassReader(Files.readAllBytes(p));
                            classes.put(reader.getClassName(), reader.b);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
