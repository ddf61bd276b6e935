package dev.spillway.agent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.testing.ChildJvm;
import dev.spillway.agent.testing.Json;
import dev.spillway.fixtures.app.RelayApp;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.testing.ClassFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar spillway-agent.jar attach|detach} against a child JVM that keeps working throughout. */
class AttachIT {

    private static ChildJvm.Result cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-jar", ChildJvm.agentJar().toString()));
        command.addAll(List.of(arguments));
        return ChildJvm.run(command);
    }

    private static void assertRuns(ChildJvm app, int rounds) throws Exception {
        app.send("run " + rounds);
        assertEquals("checksum " + RelayApp.rounds(rounds), app.readLine());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sites(Path directory) throws Exception {
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(directory.resolve("sites.json")));
        return (List<Map<String, Object>>) report.get("sites");
    }

    private static Set<String> originalSiteIds() throws ClassNotFoundException {
        Class<?> relay = Class.forName(RelayApp.class.getName() + "$Relay");
        return SiteFinder.find(ClassFiles.of(relay)).sites().stream().map(found -> found.site().id())
                .collect(Collectors.toSet());
    }

    private static Object allocationsOfFirstCopySite(List<Map<String, Object>> sites) {
        return sites.stream()
                .filter(site -> site.get("methodName").equals("copy") && site.get("kind").equals("NEW_BYTE_ARRAY"))
                .min(Comparator.comparingLong(site -> (long) site.get("bci")))
                .orElseThrow().get("allocations");
    }

    @Test
    void attachProfilesARunningJvmAndDetachRestoresItWhileItKeepsProducingCorrectOutput(@TempDir Path directory)
            throws Exception {
        try (ChildJvm app = ChildJvm.start(List.of(ChildJvm.java(), "-XX:+EnableDynamicAgentLoading", "-Xverify:all",
                "-cp", ChildJvm.testClasses(), RelayApp.class.getName(), "serve"))) {
            assertEquals("ready", app.readLine());
            assertRuns(app, 3);
            String pid = Long.toString(app.pid());
            Path first = directory.resolve("first");

            ChildJvm.Result attached = cli("attach", pid, "designate=dev.spillway.fixtures.app.**", "out=" + first);
            assertEquals(0, attached.exitCode(), attached.stderr()::toString);
            assertTrue(attached.stdout().getFirst().startsWith("attached to " + pid), attached.stdout()::toString);
            assertTrue(attached.stderr().getFirst().contains("-XX:+EnableDynamicAgentLoading"));
            assertRuns(app, 5);

            ChildJvm.Result detached = cli("detach", pid);
            assertEquals(0, detached.exitCode(), detached.stderr()::toString);
            List<Map<String, Object>> counted = sites(first);
            // The JVM hands a retransformation a class file it rebuilt; the ids must still be the original ones.
            assertEquals(originalSiteIds(), counted.stream().map(site -> site.get("site")).collect(Collectors.toSet()));
            assertEquals(5L * RelayApp.SIZES.length, allocationsOfFirstCopySite(counted));
            assertRuns(app, 4);

            Path second = directory.resolve("second");
            assertEquals(0, cli("attach", pid, "designate=dev.spillway.fixtures.app.**,out=" + second).exitCode());
            assertRuns(app, 2);
            assertEquals(0, cli("detach", pid).exitCode());
            assertEquals(2L * RelayApp.SIZES.length, allocationsOfFirstCopySite(sites(second)));
            assertRuns(app, 1);

            ChildJvm.Result again = cli("detach", pid);
            assertEquals(2, again.exitCode());
            assertEquals(List.of("error: no Spillway agent is running in process " + pid), again.stderr());
            List<String> appErrors = app.stderr();
            assertTrue(appErrors.stream().noneMatch(line -> line.contains("Exception")), appErrors::toString);
        }
    }

    @Test
    void detachAlsoStopsAnAgentStartedWithJavaagent(@TempDir Path directory) throws Exception {
        try (ChildJvm app = ChildJvm.start(List.of(ChildJvm.java(), "-XX:+EnableDynamicAgentLoading",
                "-javaagent:" + ChildJvm.agentJar() + "=designate=dev.spillway.fixtures.app.**,out=" + directory,
                "-cp", ChildJvm.testClasses(), RelayApp.class.getName(), "serve"))) {
            assertEquals("ready", app.readLine());
            assertRuns(app, 2);
            ChildJvm.Result detached = cli("detach", Long.toString(app.pid()));
            assertEquals(0, detached.exitCode(), detached.stderr()::toString);
            assertEquals(2L * RelayApp.SIZES.length, allocationsOfFirstCopySite(sites(directory)));
            assertRuns(app, 1);
        }
    }

    @Test
    void aMalformedOptionOnAttachIsOneErrorLineAndTheTargetRunsOn() throws Exception {
        try (ChildJvm app = ChildJvm.start(List.of(ChildJvm.java(), "-XX:+EnableDynamicAgentLoading",
                "-cp", ChildJvm.testClasses(), RelayApp.class.getName(), "serve"))) {
            assertEquals("ready", app.readLine());
            ChildJvm.Result result = cli("attach", Long.toString(app.pid()), "mode=turbo");
            assertEquals(2, result.exitCode());
            assertTrue(result.stderr().getLast().startsWith("error: the agent did not start in process "),
                    result.stderr()::toString);
            assertTrue(result.stderr().getLast().contains("option mode='turbo'"), result.stderr()::toString);
            assertRuns(app, 2);
        }
    }
}
