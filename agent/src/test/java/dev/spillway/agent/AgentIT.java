package dev.spillway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.testing.ChildJvm;
import dev.spillway.agent.testing.Json;
import dev.spillway.fixtures.app.RelayApp;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The shaded agent jar as {@code -javaagent}, in child JVMs. */
class AgentIT {
    private static final String APP = RelayApp.class.getName();
    private static final String DESIGNATE = "designate=dev.spillway.fixtures.app.**";
    private static final int ROUNDS = 20;

    private static List<String> java(String agentArguments, String... more) {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-Xverify:all",
                "-javaagent:" + ChildJvm.agentJar() + "=" + agentArguments));
        command.addAll(List.of(more));
        command.addAll(List.of("-cp", ChildJvm.testClasses(), APP, "batch", Integer.toString(ROUNDS)));
        return command;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ProfilingADesignatedApplication {
        private Path directory;
        private ChildJvm.Result result;
        private Map<String, Object> report;
        private List<Map<String, Object>> sites;
        private List<RecordedEvent> events;

        @BeforeAll
        void runTheApplicationOnceWithTheAgentAndARecording(@TempDir Path directory) throws Exception {
            this.directory = directory;
            Path recording = directory.resolve("run.jfr");
            // The application waits for the agent's JFR registration, so that every large allocation has its event.
            result = ChildJvm.run(java(DESIGNATE + ",out=" + directory + ",throttle=0",
                    "-Xlog:jfr+startup=off", "-XX:StartFlightRecording:filename=" + recording + ",settings=default",
                    "-D" + RelayApp.AWAIT_AGENT_EVENTS + "=true"));
            report = cast(Json.parse(Files.readString(directory.resolve("sites.json"))));
            sites = cast(report.get("sites"));
            events = RecordingFile.readAllEvents(recording);
        }

        @Test
        void leavesTheApplicationsOutputAndExitCodeUnchanged() {
            assertEquals(0, result.exitCode(), () -> String.join("\n", result.stderr()));
            assertEquals(List.of("checksum " + RelayApp.rounds(ROUNDS)), result.stdout());
            assertTrue(result.stderr().stream().noneMatch(line -> line.contains("WARNING")), result.stderr()::toString);
        }

        @Test
        void findsTheFourSitesOfTheDesignatedClassesAndNothingElse() {
            assertEquals(List.of("NEW_BYTE_ARRAY", "HEAP_BUFFER", "NEW_BYTE_ARRAY", "DIRECT_BUFFER"),
                    sites.stream().map(site -> site.get("kind")).toList());
            sites.forEach(site -> assertEquals(RelayApp.class.getName() + "$Relay", site.get("className")));
            sites.forEach(site -> assertEquals("PROFILED", site.get("verdict")));
        }

        @Test
        void countsEveryAllocationOfEverySiteExactly() {
            Map<String, Object> jvm = cast(report.get("jvm"));
            long humongousFrom = (long) jvm.get("regionSize") == 0 ? Long.MAX_VALUE
                    : (long) jvm.get("regionSize") / 2 - 7 - 16;
            long total = Arrays.stream(RelayApp.SIZES).asLongStream().sum();
            long large = Arrays.stream(RelayApp.SIZES).filter(size -> size >= 65_536).asLongStream().sum();
            long humongous = Arrays.stream(RelayApp.SIZES).filter(size -> size >= humongousFrom).asLongStream().sum();
            for (Map<String, Object> site : sites.subList(0, 3)) {
                assertEquals((long) ROUNDS * RelayApp.SIZES.length, site.get("allocations"), site::toString);
                assertEquals(ROUNDS * total, site.get("bytes"));
                assertEquals(ROUNDS * 2L, site.get("largeAllocations"));
                assertEquals(ROUNDS * large, site.get("largeBytes"));
                assertEquals(ROUNDS * humongous, site.get("humongousBytes"));
                List<Long> histogram = cast(site.get("histogram"));
                assertEquals(21, histogram.size());
                for (int size : RelayApp.SIZES) {
                    assertEquals((long) ROUNDS, histogram.get(31 - Integer.numberOfLeadingZeros(size)));
                }
            }
            Map<String, Object> direct = sites.get(3);
            assertEquals((long) ROUNDS, direct.get("allocations"));
            assertEquals(ROUNDS * 256L, direct.get("bytes"));
            assertEquals(0L, direct.get("humongousAllocations"));
        }

        @Test
        void recordsALargeAllocationEventForEachLargeAllocationWhenUnthrottled() {
            Map<String, Long> weights = events.stream()
                    .filter(event -> event.getEventType().getName().equals("dev.spillway.LargeAllocation"))
                    .collect(Collectors.groupingBy(event -> event.getString("site"),
                            Collectors.summingLong(event -> event.getLong("weight"))));
            Map<String, Long> expected = new HashMap<>();
            sites.subList(0, 3).forEach(site -> expected.put((String) site.get("site"), ROUNDS * 2L));
            assertEquals(expected, weights);
        }

        @Test
        void recordsTheConfigurationAndSiteSummariesThatAgreeWithTheReport() {
            RecordedEvent configuration = events.stream()
                    .filter(event -> event.getEventType().getName().equals("dev.spillway.AgentConfiguration"))
                    .findFirst().orElseThrow();
            assertEquals("profile", configuration.getString("mode"));
            assertEquals("dev.spillway.fixtures.app.**", configuration.getString("designate"));
            Map<String, Long> lastAllocations = new HashMap<>();
            events.stream()
                    .filter(event -> event.getEventType().getName().equals("dev.spillway.SiteSummary"))
                    .forEach(event -> lastAllocations.merge(event.getString("site"), event.getLong("allocations"),
                            Math::max));
            assertFalse(lastAllocations.isEmpty());
            lastAllocations.forEach((site, allocations) -> assertTrue(allocations <= sites.stream()
                    .filter(entry -> entry.get("site").equals(site)).mapToLong(entry -> (long) entry.get("allocations"))
                    .sum()));
        }
    }

    @Nested
    class ServingMetrics {
        @Test
        void scrapesTheShadedPrometheusEndpointOverLoopbackWhileTheApplicationRuns(@TempDir Path directory)
                throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            try (ChildJvm app = ChildJvm.start(List.of(ChildJvm.java(),
                    "-javaagent:" + ChildJvm.agentJar() + "=" + DESIGNATE + ",metrics=" + port + ",out=" + directory,
                    "-cp", ChildJvm.testClasses(), APP, "serve"));
                    HttpClient client = HttpClient.newHttpClient()) {
                assertEquals("ready", app.readLine());
                app.send("run 3");
                assertEquals("checksum " + RelayApp.rounds(3), app.readLine());
                String body = scrape(client, port);
                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_site_allocations_total{")
                        && line.contains("kind=\"DIRECT_BUFFER\"") && line.endsWith(" 3.0")), body);
                assertTrue(body.lines().anyMatch(line -> line.startsWith("spillway_agent_sites ")
                        && line.endsWith(" 4.0")), body);
            }
        }

        private static String scrape(HttpClient client, int port) throws Exception {
            URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
            // The endpoint starts on the agent's background thread; the application may get there first.
            for (int attempt = 0; ; attempt++) {
                try {
                    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.net.ConnectException e) {
                    if (attempt == 100) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    @Nested
    class StartingUp {
        @Test
        void theEntryPointsAreMarkedForTheNativeReflectiveCall() throws ClassNotFoundException {
            // By name: javac cannot compile against a class with these marks.
            for (String name : List.of("dev.spillway.agent.SpillwayAgent", "dev.spillway.agent.ReflectiveEntry")) {
                Class<?> type = Class.forName(name);
                for (Method method : type.getDeclaredMethods()) {
                    boolean entryPoint = Arrays.equals(method.getParameterTypes(),
                            new Class<?>[] {String.class, Instrumentation.class});
                    assertEquals(entryPoint, method.isVarArgs(), method::toString);
                }
            }
        }

        @Test
        void theJvmCallsTheAgentWithoutSpinningMethodHandleClasses(@TempDir Path directory) throws Exception {
            ChildJvm.Result result = ChildJvm.run(java(DESIGNATE + ",out=" + directory, "-Xlog:class+load=info"));
            assertEquals(0, result.exitCode(), result.stderr()::toString);
            // From the entry class's load to AgentBootstrap's, only the two reflective calls run (the JVM's of premain,
            // the launcher's of ReflectiveEntry): no thread of the agent has started yet.
            List<String> calls = result.stdout().stream()
                    .dropWhile(line -> !line.contains(" dev.spillway.agent.SpillwayAgent source:"))
                    .takeWhile(line -> !line.contains(" dev.spillway.agent.AgentBootstrap source:"))
                    .toList();
            assertTrue(calls.stream().anyMatch(line -> line.contains(" dev.spillway.agent.ReflectiveEntry source:")),
                    "the agent did not start through ReflectiveEntry: " + calls);
            assertTrue(result.stdout().stream().anyMatch(line -> line.contains(" " + APP + " source:")),
                    "the main class was never loaded");
            List<String> spun = calls.stream()
                    .filter(line -> line.contains("LambdaForm$") && line.contains("__JVM_LookupDefineClass__"))
                    .toList();
            assertEquals(List.of(), spun, "the agent's entry points were called through method handles");
        }
    }

    @Nested
    class Refusing {
        @Test
        void excludedClassesAreLeftAlone(@TempDir Path directory) throws Exception {
            ChildJvm.Result result = ChildJvm.run(java(DESIGNATE + ";com.nothing.*,exclude=dev.spillway.fixtures.app.*$Relay,out=" + directory));
            assertEquals(List.of("checksum " + RelayApp.rounds(ROUNDS)), result.stdout());
            Map<String, Object> report = cast(Json.parse(Files.readString(directory.resolve("sites.json"))));
            assertEquals(List.of(), report.get("sites"));
        }

        @Test
        void aMalformedOptionDisablesTheAgentWithOneLineAndTheApplicationRuns(@TempDir Path directory)
                throws Exception {
            ChildJvm.Result result = ChildJvm.run(java(DESIGNATE + ",threshold=12q,out=" + directory));
            assertEquals(0, result.exitCode());
            assertEquals(List.of("checksum " + RelayApp.rounds(ROUNDS)), result.stdout());
            assertEquals(1, result.stderr().size(), result.stderr()::toString);
            assertTrue(result.stderr().getFirst().startsWith("spillway: error: option threshold='12q'"));
            assertTrue(result.stderr().getFirst().endsWith("the agent is disabled"));
            assertFalse(Files.exists(directory.resolve("sites.json")));
        }

        @Test
        void withStrictAMalformedOptionStopsTheJvm() throws Exception {
            ChildJvm.Result result = ChildJvm.run(java(DESIGNATE + ",threshold=12q,strict=true"));
            assertEquals(2, result.exitCode());
            assertEquals(List.of(), result.stdout());
            assertTrue(result.stderr().getFirst().endsWith("stopping (strict=true)"), result.stderr()::toString);
        }

        @Test
        void onAnOlderJvmItSaysWhatItNeedsAndTheApplicationRunsUninstrumented(@TempDir Path directory)
                throws Exception {
            String oldJava = System.getProperty("spillway.old.java");
            Assumptions.assumeTrue(oldJava != null && Files.isExecutable(Path.of(oldJava)),
                    "no Java 17 at spillway.old.java");
            Path hello = Files.writeString(directory.resolve("Hello.java"),
                    "public class Hello { public static void main(String[] a) { System.out.println(new byte[3].length); } }");
            ChildJvm.Result result = ChildJvm.run(List.of(oldJava,
                    "-javaagent:" + ChildJvm.agentJar() + "=designate=**,out=" + directory, hello.toString()));
            assertEquals(0, result.exitCode(), result.stderr()::toString);
            assertEquals(List.of("3"), result.stdout());
            assertEquals(List.of("spillway: the agent needs Java 25 or newer and this JVM is Java 17; "
                    + "the application runs without it"), result.stderr());

            ChildJvm.Result command = ChildJvm.run(List.of(oldJava, "-jar", ChildJvm.agentJar().toString(), "list"));
            assertEquals(2, command.exitCode());
            assertEquals(List.of("error: spillway-agent needs Java 25 or newer; this is Java 17"), command.stderr());
        }
    }
}
