package dev.spillway.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.testing.ChildJvm;
import dev.spillway.agent.testing.Json;
import dev.spillway.fixtures.redirect.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programs of {@link Workloads} (stream copy, checksums, Deflater/Inflater, NIO channel copy, recursion,
 * exceptions, a hand-off between threads) in forked JVMs: plain, and with the shaded agent in
 * {@code mode=redirect}, with and without {@code verify=true}. Their output must be identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectDifferentialIT {
    private static final String DESIGNATE = "designate=dev.spillway.fixtures.redirect.**";

    private ChildJvm.Result plain;
    private ChildJvm.Result redirected;
    private ChildJvm.Result verified;
    private List<Map<String, Object>> redirectedSites;
    private List<Map<String, Object>> verifiedSites;
    private List<RecordedEvent> events;

    private static List<String> java(String agentArguments, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-Xverify:all",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
        command.addAll(List.of(jvmOptions));
        if (agentArguments != null) {
            command.add("-javaagent:" + ChildJvm.agentJar() + "=" + agentArguments);
        }
        command.addAll(List.of("-cp", ChildJvm.testClasses(), Workloads.class.getName(), "all"));
        return command;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sites(Path directory) throws Exception {
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(directory.resolve("sites.json")));
        return (List<Map<String, Object>>) report.get("sites");
    }

    @BeforeAll
    void runEveryProgramPlainAndWithTheAgent(@TempDir Path directory) throws Exception {
        plain = ChildJvm.run(java(null));
        Path redirectOut = directory.resolve("redirect");
        Path recording = directory.resolve("redirect.jfr");
        redirected = ChildJvm.run(java(DESIGNATE + ",mode=redirect,throttle=0,out=" + redirectOut,
                "-Xlog:jfr+startup=off", "-XX:StartFlightRecording:filename=" + recording + ",settings=default"));
        events = RecordingFile.readAllEvents(recording);
        Path verifyOut = directory.resolve("verify");
        verified = ChildJvm.run(java(DESIGNATE + ",mode=redirect,verify=true,out=" + verifyOut));
        redirectedSites = sites(redirectOut);
        verifiedSites = sites(verifyOut);
    }

    @Test
    void everyProgramRunsToTheEndWithoutTheAgent() {
        assertEquals(0, plain.exitCode(), () -> String.join("\n", plain.stderr()));
        assertEquals(7, plain.stdout().size());
    }

    @Test
    void redirectModePrintsExactlyWhatThePlainRunPrints() {
        assertEquals(0, redirected.exitCode(), () -> String.join("\n", redirected.stderr()));
        assertEquals(plain.stdout(), redirected.stdout());
    }

    @Test
    void verifyModePrintsExactlyWhatThePlainRunPrints() {
        assertEquals(0, verified.exitCode(), () -> String.join("\n", verified.stderr()));
        assertEquals(plain.stdout(), verified.stdout());
    }

    @Test
    void theProgramsReallyRanRedirectedAllocations() {
        long redirectedCount = redirectedSites.stream().mapToLong(site -> (long) site.get("redirectedAllocations")).sum();
        assertTrue(redirectedCount > 100, () -> "only " + redirectedCount + " redirected: " + redirectedSites);
        assertTrue(redirectedSites.stream().anyMatch(site -> site.get("verdict").equals("REDIRECTED_OFF_HEAP")
                && (long) site.get("redirectedAllocations") > 0), redirectedSites::toString);
        assertTrue(redirectedSites.stream().anyMatch(site -> site.get("verdict").equals("KEPT")
                && site.get("reason").equals("escapes-call")), redirectedSites::toString);
    }

    @Test
    void verifyModeObservesNoEscapeInCorrectPrograms() {
        assertTrue(verifiedSites.stream().noneMatch(site -> "escape-observed".equals(site.get("reason"))),
                verifiedSites::toString);
        assertTrue(verified.stderr().stream().noneMatch(line -> line.contains("escape observed")),
                verified.stderr()::toString);
    }

    @Test
    void largeAllocationEventsSayHowEachAllocationWasServed() {
        Map<String, Set<String>> outcomesByVerdict = new TreeMap<>();
        Map<String, String> verdictBySite = new HashMap<>();
        redirectedSites.forEach(site -> verdictBySite.put((String) site.get("site"), (String) site.get("verdict")));
        events.stream().filter(event -> event.getEventType().getName().equals("dev.spillway.LargeAllocation"))
                .forEach(event -> outcomesByVerdict.computeIfAbsent(verdictBySite.get(event.getString("site")),
                        verdict -> new TreeSet<>()).add(event.getString("outcome")));
        assertEquals(Map.of("KEPT", Set.of("PLAIN"), "REDIRECTED_OFF_HEAP", Set.of("OFF_HEAP"),
                "REDIRECTED_RECYCLED", Set.of("RECYCLED")), outcomesByVerdict);
    }

    @Test
    void siteSummariesCarryTheVerdictsOfTheReport() {
        Map<String, String> summarized = new HashMap<>();
        events.stream().filter(event -> event.getEventType().getName().equals("dev.spillway.SiteSummary"))
                .forEach(event -> summarized.put(event.getString("site"), event.getString("verdict")
                        + " " + event.getString("reason") + " " + event.getLong("redirectedAllocations")));
        for (Map<String, Object> site : redirectedSites) {
            if ((long) site.get("allocations") > 0) {
                assertEquals(site.get("verdict") + " " + site.get("reason") + " " + site.get("redirectedAllocations"),
                        summarized.get((String) site.get("site")));
            }
        }
    }
}
