package dev.spillway.reliability.suites;

import dev.spillway.reliability.support.Sites;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Runs an upstream test suite published on Maven Central (a library's {@code tests} jar and its test dependencies,
 * copied into {@code SUITES/NAME/}) with the JUnit Platform console launcher, once plain and once under the agent,
 * and compares the two XML reports test by test.
 *
 * <pre>{@code SuiteRun --agent AGENT.jar --launcher CONSOLE.jar --work DIR [--agent-options OPTS] SUITE_DIR PACKAGE...}</pre>
 *
 * {@code PACKAGE} is the library's package, designated as {@code PACKAGE.**}. Exit status 0 when the outcomes are
 * identical, 1 when they differ.
 */
public final class SuiteRun {
    /**
     * Agent options besides designate and out: redirect with run-time escape checks, and threshold 0, so that every
     * allocation of a proven site (not only those from 64 KiB) is served by the allocator: the harshest setting.
     */
    public static final String DEFAULT_OPTIONS = "mode=redirect,verify=true,threshold=0";

    /** One test's outcome: {@code passed}, {@code failure}, {@code error} or {@code skipped}. */
    public record Outcomes(SortedMap<String, String> byTest) {
        long count(String outcome) {
            return byTest.values().stream().filter(outcome::equals).count();
        }

        String summary() {
            return String.format(Locale.ROOT, "%d tests: %d passed, %d failed, %d errors, %d skipped", byTest.size(),
                    count("passed"), count("failure"), count("error"), count("skipped"));
        }
    }

    /** The comparison of the two runs. */
    public record Comparison(String suite, Outcomes plain, Outcomes agent, List<String> differences, Sites sites,
            double plainSeconds, double agentSeconds) {

        String report() {
            return String.format(Locale.ROOT, "%s: plain %s (%.0f s); agent %s (%.0f s); %d differences; "
                    + "%d sites, %d redirected (%d allocations, %d bytes), %d escape-observed",
                    suite, plain.summary(), plainSeconds, agent.summary(), agentSeconds, differences.size(),
                    sites.sites(), sites.redirectedSites(), sites.redirectedAllocations(), sites.redirectedBytes(),
                    sites.escapeObserved());
        }
    }

    private final Path java;
    private final Path agent;
    private final Path launcher;
    private final Path work;
    private final String agentOptions;

    public SuiteRun(Path java, Path agent, Path launcher, Path work, String agentOptions) {
        this.java = java;
        this.agent = agent.toAbsolutePath();
        this.launcher = launcher.toAbsolutePath();
        this.work = work.toAbsolutePath();
        this.agentOptions = agentOptions;
    }

    public static void main(String[] args) throws Exception {
        Path agent = null;
        Path launcher = null;
        Path work = Path.of("target", "suites");
        String options = DEFAULT_OPTIONS;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agent = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--agent-options" -> options = args[++i];
                default -> rest.add(args[i]);
            }
        }
        if (agent == null || launcher == null || rest.size() < 2) {
            System.err.println("usage: SuiteRun --agent AGENT.jar --launcher CONSOLE.jar [--work DIR] "
                    + "[--agent-options OPTS] SUITE_DIR PACKAGE...");
            System.exit(2);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Comparison comparison = new SuiteRun(java, agent, launcher, work, options)
                .run(Path.of(rest.get(0)), rest.subList(1, rest.size()));
        System.out.println(comparison.report());
        comparison.differences().forEach(difference -> System.out.println("  " + difference));
        System.exit(comparison.differences().isEmpty() ? 0 : 1);
    }

    /** Runs the suite in {@code suiteDir} plain and under the agent, designating {@code packages}. */
    public Comparison run(Path suiteDir, List<String> packages) throws IOException, InterruptedException {
        String suite = suiteDir.getFileName().toString();
        List<Path> jars;
        try (Stream<Path> files = Files.list(suiteDir)) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
        }
        Path tests = jars.stream().filter(jar -> jar.getFileName().toString().endsWith("-tests.jar")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no *-tests.jar in " + suiteDir));
        Path out = work.resolve(suite);
        String designate = String.join(";", packages.stream().map(p -> p + ".**").toList());
        long start = System.nanoTime();
        Outcomes plain = launch(out.resolve("plain"), jars, tests, List.of());
        double plainSeconds = (System.nanoTime() - start) / 1e9;
        Path sitesDir = out.resolve("agent-out");
        start = System.nanoTime();
        Outcomes withAgent = launch(out.resolve("agent"), jars, tests, List.of("-javaagent:" + agent
                + "=designate=" + designate + ",out=" + sitesDir + (agentOptions.isEmpty() ? "" : "," + agentOptions)));
        double agentSeconds = (System.nanoTime() - start) / 1e9;
        Sites sites;
        try {
            sites = Sites.read(sitesDir.resolve("sites.json"));
        } catch (IOException e) {
            List<String> agentLines;
            try (Stream<String> lines = Files.lines(out.resolve("agent/reports/console.txt"))) {
                agentLines = lines.filter(line -> line.startsWith("spillway:")).toList();
            }
            throw new IOException(e.getMessage() + "; the agent said: " + agentLines, e);
        }
        return new Comparison(suite, plain, withAgent, differences(plain, withAgent), sites, plainSeconds, agentSeconds);
    }

    private static Path unpack(Path jar, Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path partial = directory.resolveSibling(directory.getFileName() + ".partial");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("entry outside the jar's root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        Files.move(partial, directory);
        return directory;
    }

    private Outcomes launch(Path run, List<Path> jars, Path testsJar, List<String> jvmOptions)
            throws IOException, InterruptedException {
        // Upstream tests read their resources as files (src/test/resources/..., or Path.of(getResource().toURI())),
        // as in their own build: so the tests jar is unpacked there and the run starts from there. Each run gets a
        // fresh copy, because tests write below their working directory.
        Path workingDirectory = run.resolve("tree");
        Path tests = unpack(testsJar, workingDirectory.resolve("src/test/resources"));
        List<Path> classPath = new ArrayList<>();
        classPath.add(tests);
        jars.stream().filter(jar -> !jar.equals(testsJar)).forEach(classPath::add);
        Path reports = run.resolve("reports");
        Files.createDirectories(reports);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true", "-jar", launcher.toString(),
                "execute", "--disable-banner", "--details=none", "--disable-ansi-colors",
                "--class-path", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                "--scan-class-path", tests.toString(), "--reports-dir", reports.toString(),
                // As the upstream builds do (commons-codec's surefire excludes **/*PerformanceTest.java).
                "--exclude-classname", ".*PerformanceTest.*"));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(reports.resolve("console.txt").toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("the suite did not finish in 30 minutes: " + command);
        }
        return outcomes(reports.resolve("TEST-junit-jupiter.xml"));
    }

    /** Every test case of a legacy JUnit XML report, by {@code class#name}. */
    static Outcomes outcomes(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            throw new IOException("no report " + report);
        }
        SortedMap<String, String> byTest = new TreeMap<>();
        try (InputStream in = Files.newInputStream(report)) {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList cases = document.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                String outcome = "passed";
                for (String kind : List.of("failure", "error", "skipped")) {
                    if (testCase.getElementsByTagName(kind).getLength() > 0) {
                        outcome = kind;
                    }
                }
                String key = testCase.getAttribute("classname") + "#" + testCase.getAttribute("name");
                // Dynamic and parameterised tests can share a name; keep each one.
                String unique = key;
                for (int n = 2; byTest.containsKey(unique); n++) {
                    unique = key + " #" + n;
                }
                byTest.put(unique, outcome);
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable report " + report, e);
        }
        return new Outcomes(byTest);
    }

    static List<String> differences(Outcomes plain, Outcomes agent) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> test : plain.byTest().entrySet()) {
            String other = agent.byTest().get(test.getKey());
            if (other == null) {
                differences.add(test.getKey() + ": " + test.getValue() + " plain, not run under the agent");
            } else if (!other.equals(test.getValue())) {
                differences.add(test.getKey() + ": " + test.getValue() + " plain, " + other + " under the agent");
            }
        }
        for (String test : agent.byTest().keySet()) {
            if (!plain.byTest().containsKey(test)) {
                differences.add(test + ": run under the agent only");
            }
        }
        return differences;
    }
}
