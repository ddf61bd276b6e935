package dev.spillway.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.testing.ChildJvm;
import dev.spillway.agent.testing.Json;
import dev.spillway.fixtures.app.RelayApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode=redirect} attached to a running JVM: its already loaded classes are retransformed with the redirect
 * rewrite, and detach restores them, while the application keeps printing the same checksums.
 */
class RedirectAttachIT {
    private static final int ROUNDS = 5;

    private static ChildJvm.Result cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-jar", ChildJvm.agentJar().toString()));
        command.addAll(List.of(arguments));
        return ChildJvm.run(command);
    }

    private static void runsCorrectly(ChildJvm app) throws Exception {
        app.send("run " + ROUNDS);
        assertEquals("checksum " + RelayApp.rounds(ROUNDS), app.readLine());
    }

    @Test
    @SuppressWarnings("unchecked")
    void attachingInRedirectModeRewritesLoadedClassesAndDetachRestoresThem(@TempDir Path directory) throws Exception {
        try (ChildJvm app = ChildJvm.start(List.of(ChildJvm.java(), "-XX:+EnableDynamicAgentLoading", "-Xverify:all",
                "--enable-native-access=ALL-UNNAMED", "-cp", ChildJvm.testClasses(), RelayApp.class.getName(),
                "serve"))) {
            assertEquals("ready", app.readLine());
            runsCorrectly(app);
            String pid = Long.toString(app.pid());

            ChildJvm.Result attached = cli("attach", pid,
                    "designate=dev.spillway.fixtures.app.**,mode=redirect,out=" + directory);
            assertEquals(0, attached.exitCode(), attached.stderr()::toString);
            runsCorrectly(app);
            runsCorrectly(app);
            assertEquals(0, cli("detach", pid).exitCode());
            runsCorrectly(app);

            Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(directory.resolve("sites.json")));
            List<Map<String, Object>> sites = (List<Map<String, Object>>) report.get("sites");
            long redirected = sites.stream().mapToLong(site -> (long) site.get("redirectedAllocations")).sum();
            assertTrue(redirected > 0, sites::toString);
            assertTrue(sites.stream().anyMatch(site -> site.get("verdict").equals("REDIRECTED_OFF_HEAP")),
                    sites::toString);
            List<String> errors = app.stderr();
            assertTrue(errors.stream().noneMatch(line -> line.contains("Exception")), errors::toString);
        }
    }
}
