package dev.spillway.reliability.sweep;

import dev.spillway.agent.sites.SiteEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The transform-the-world sweep: the agent's {@code SitePass} over every class of each input, with every class of
 * the input (and of its companions) designated, then every rewritten class verified by {@link ClassCheck} and, for
 * libraries, linked by {@link LoadCheck} in a JVM with {@code -Xverify:all}.
 *
 * <pre>{@code
 * Sweep [--mode profile|redirect] [--work DIR] [--packages PREFIX,...] INPUT...
 *   INPUT: jrt:/MODULE | LIBRARY.jar[+COMPANION.jar...]   (companions are designated and linked, not swept)
 * }</pre>
 *
 * Prints one Markdown table row per input and exits with status 1 when anything failed.
 */
public final class Sweep {
    /** What the sweep found for one input. */
    public record Result(String input, int classes, double transformSeconds, int rewritten, int sites,
            int redirected, int verified, int uncheckable, int linked, int linkedAsOriginal, List<String> failures) {

        double classesPerSecond() {
            return transformSeconds == 0 ? 0 : classes / transformSeconds;
        }

        double redirectedShare() {
            return sites == 0 ? 0 : 100.0 * redirected / sites;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %d (%.1f%%) | %s | %s | %d |",
                    label(input), classes, classesPerSecond(), rewritten, sites, redirected, redirectedShare(),
                    verified + (uncheckable > 0 ? " (+" + uncheckable + " uncheckable)" : ""), input.startsWith("jrt:/") ? "n/a" : linked + (linkedAsOriginal > 0
                            ? " (+" + linkedAsOriginal + " fail as the original)" : ""), failures.size());
        }

        private static String label(String input) {
            String first = input.split("\\+")[0];
            return first.startsWith("jrt:/") ? first : Path.of(first).getFileName().toString();
        }
    }

    static final String HEADER = "| input | classes | classes/s | rewritten | sites | redirected | verified (ASM) "
            + "| linked (-Xverify:all) | failures |\n|---|---|---|---|---|---|---|---|---|";

    private final boolean redirect;
    private final Path work;
    private final List<String> packages;

    /**
     * @param redirect {@code mode=redirect}, else profile
     * @param work where rewritten classes are written for the load check
     * @param packages internal-name prefixes to sweep ({@code java/util/zip/}); empty: every class
     */
    public Sweep(boolean redirect, Path work, List<String> packages) {
        this.redirect = redirect;
        this.work = work;
        this.packages = List.copyOf(packages);
    }

    public static void main(String[] args) throws IOException {
        boolean redirect = false;
        Path work = Path.of("target", "sweep");
        List<String> packages = List.of();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> redirect = switch (args[++i]) {
                    case "redirect" -> true;
                    case "profile" -> false;
                    default -> throw new IllegalArgumentException("--mode profile|redirect, not " + args[i]);
                };
                case "--work" -> work = Path.of(args[++i]);
                case "--packages" -> packages = Arrays.asList(args[++i].split(","));
                default -> inputs.add(args[i]);
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("usage: Sweep [--mode profile|redirect] [--work DIR] [--packages PREFIX,...] "
                    + "(jrt:/MODULE | LIBRARY.jar[+COMPANION.jar...])...");
            System.exit(2);
        }
        Sweep sweep = new Sweep(redirect, work, packages);
        System.out.println("mode=" + (redirect ? "redirect" : "profile") + ", java " + Runtime.version());
        System.out.println(HEADER);
        int failures = 0;
        for (String input : inputs) {
            Result result = sweep.run(input);
            System.out.println(result.row());
            failures += result.failures().size();
            result.failures().forEach(failure -> System.err.println("FAIL " + failure));
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Sweeps one input. */
    public Result run(String input) throws IOException {
        String[] parts = input.split("\\+");
        SortedMap<String, byte[]> all = ClassFiles.read(parts[0]);
        Map<String, byte[]> classes = new TreeMap<>();
        all.forEach((name, bytes) -> {
            if (packages.isEmpty() || packages.stream().anyMatch(name::startsWith)) {
                classes.put(name, bytes);
            }
        });
        Map<String, byte[]> companions = new HashMap<>();
        List<Path> jars = new ArrayList<>();
        for (String part : parts) {
            if (!part.startsWith("jrt:/")) {
                jars.add(Path.of(part));
            }
        }
        for (int i = 1; i < parts.length; i++) {
            companions.putAll(ClassFiles.read(parts[i]));
        }
        Predicate<String> designated = binaryName -> {
            String internalName = binaryName.replace('.', '/');
            return all.containsKey(internalName) || companions.containsKey(internalName);
        };
        Path out = work.resolve(Path.of(parts[0].replace("jrt:/", "jrt-")).getFileName().toString()
                .replace(".jar", ""));
        deleteTree(out);
        List<String> failures = new ArrayList<>();
        Map<String, byte[]> rewritten = new TreeMap<>();
        long nanos;
        try (URLClassLoader loader = jars.isEmpty() ? null : new URLClassLoader(urls(jars),
                ClassLoader.getPlatformClassLoader())) {
            SweepPass pass = new SweepPass(redirect, designated, loader);
            long start = System.nanoTime();
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                try {
                    byte[] bytes = pass.apply(entry.getValue());
                    if (bytes != null) {
                        rewritten.put(entry.getKey(), bytes);
                    }
                } catch (RuntimeException | LinkageError | StackOverflowError e) {
                    failures.add(entry.getKey() + ": the rewrite threw " + e);
                }
            }
            nanos = System.nanoTime() - start;
            int sites = 0;
            int redirected = 0;
            for (SiteEntry site : pass.registry().entries()) {
                sites++;
                if (site.decision().verdict().redirects()) {
                    redirected++;
                } else if (site.decision().detail() != null && site.decision().detail().startsWith("rewrite failed")) {
                    failures.add(site.site().id() + ": proven, but the rewrite fell back: " + site.decision().detail());
                }
            }
            ClassHierarchy hierarchy = new ClassHierarchy(List.of(all, companions));
            int verified = 0;
            int uncheckable = 0;
            for (Map.Entry<String, byte[]> entry : rewritten.entrySet()) {
                var problem = ClassCheck.problem(entry.getValue(), hierarchy);
                if (problem.isEmpty()) {
                    verified++;
                } else if (ClassCheck.problem(all.get(entry.getKey()), hierarchy).isPresent()) {
                    uncheckable++;
                } else {
                    failures.add(entry.getKey() + ": " + problem.get());
                }
                write(out.resolve(entry.getKey() + ".class"), entry.getValue());
            }
            int[] linked = jars.isEmpty() ? new int[2] : link(out, jars, failures);
            return new Result(input, classes.size(), nanos / 1e9, rewritten.size(), sites, redirected, verified,
                    uncheckable, linked[0], linked[1], failures);
        }
    }

    /** Runs {@link LoadCheck}; returns {linked, failing as the original does}. */
    private static int[] link(Path rewritten, List<Path> jars, List<String> failures) throws IOException {
        if (!Files.isDirectory(rewritten)) {
            return new int[2];
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xverify:all", "-Xshare:off", "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadCheck.class.getName(), rewritten.toString()));
        jars.forEach(jar -> command.add(jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines;
        try (var reader = process.inputReader()) {
            lines = reader.lines().toList();
        }
        int[] counts = new int[2];
        try {
            if (process.waitFor() != 0) {
                failures.add("the load check exited with " + process.exitValue() + ": " + String.join("\n", lines));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        for (String line : lines) {
            if (line.startsWith("OK ")) {
                counts[0]++;
            } else if (line.startsWith("SAME ")) {
                counts[1]++;
            } else if (line.startsWith("FAIL ")) {
                failures.add(line.substring(5));
            }
        }
        return counts;
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toArray(URL[]::new);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
