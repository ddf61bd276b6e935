package dev.spillway.reliability.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.support.Fixtures;
import dev.spillway.reliability.support.Jvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root {@code ./spillway} script's JVM: its heap on transparent huge pages where the kernel hands them out, the
 * methods it keeps from inlining, and its start-up cache: made once per build of the CLI jar and JDK by a training run,
 * used by every later command, made again when the jar changes, left out when asked or when the JVM options are the
 * user's, and a failure to make it said once and not retried. Each test runs the real script in a copy of the
 * project's layout (the script, the training workload, the recording settings and the CLI jar, the jar copied last so
 * that the script finds nothing to build).
 */
class SpillwayScriptTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String PREPARING = "spillway: preparing a start-up cache";
    private static final String FAILED = "spillway: could not prepare the start-up cache; running without it";
    private static final String SETTINGS = "reporter/src/main/resources/dev/spillway/reporter/cli/spillway.jfc";
    private static final String TRAINING = "reporter/aot/AotTraining.java";
    private static final String JAR = "reporter/target/spillway-cli.jar";
    private static final String CACHE = "reporter/target/spillway-cli.aot";

    @TempDir
    static Path shared;
    private static Path recording;

    @BeforeAll
    static void record() throws Exception {
        recording = shared.resolve("version.jfr");
        Jvm.Run run = Jvm.run(List.of(Fixtures.java().toString(), "-XX:StartFlightRecording:filename=" + recording,
                "-Xlog:disable", "-version"), TIMEOUT);
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void theFirstCommandMakesTheCacheAndLaterOnesStartFromItWithTheSameResult(@TempDir Path home) throws Exception {
        layOut(home, true);

        Jvm.Run first = report(home, "first");
        assertEquals(1, count(first.err(), PREPARING), first.err());
        assertTrue(Files.size(home.resolve(CACHE)) > 0, "no cache: " + first.err());
        assertTrue(Files.readString(home.resolve(CACHE + ".key")).startsWith(Fixtures.java().getParent().getParent() + " "));

        Path loads = home.resolve("class-loads.txt");
        Jvm.Run second = spillway(home, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + loads), "report",
                recording.toString(), "-o", "second.html", "--json", "second.json");
        assertEquals(0, second.exitCode(), second.err());
        assertFalse(second.err().contains(PREPARING), "the cache was made again: " + second.err());
        String loaded = Files.readString(loads);
        assertTrue(loaded.contains("dev.spillway.reporter.cli.Spillway source: shared objects file"),
                "the CLI's classes did not come from the cache");
        // picocli ships Java 5 class files, which a cache leaves out unless the build rewrote them (ArchivableClassFiles).
        assertTrue(loaded.contains("picocli.CommandLine source: shared objects file"),
                "picocli's classes did not come from the cache");
        // The commands are described in code: reading picocli's annotations would spin a proxy class per type.
        assertFalse(loaded.contains("source: __dynamic_proxy__"), "a command read annotations: dynamic proxies loaded");

        Jvm.Run plain = Jvm.run(new ProcessBuilder(Fixtures.java().toString(), "-jar", home.resolve(JAR).toString(),
                "report", recording.toString(), "-o", "plain.html", "--json", "plain.json").directory(home.toFile()),
                TIMEOUT);
        assertEquals(0, plain.exitCode(), plain.err());
        String expected = Files.readString(home.resolve("plain.json"));
        assertEquals(expected, Files.readString(home.resolve("first.json")));
        assertEquals(expected, Files.readString(home.resolve("second.json")));
    }

    @Test
    void aNewerJarGetsANewCache(@TempDir Path home) throws Exception {
        layOut(home, true);
        assertEquals(1, count(spillway(home, Map.of(), "--version").err(), PREPARING));
        assertEquals(0, count(spillway(home, Map.of(), "--version").err(), PREPARING));

        // As if the jar had been built again after the cache was made.
        for (String file : List.of(CACHE, CACHE + ".key")) {
            Files.setLastModifiedTime(home.resolve(file), minutesAgo(2));
        }
        Jvm.Run rebuilt = spillway(home, Map.of(), "--version");
        assertEquals(0, rebuilt.exitCode(), rebuilt.err());
        assertEquals(1, count(rebuilt.err(), PREPARING), rebuilt.err());
        assertTrue(Files.getLastModifiedTime(home.resolve(CACHE)).compareTo(Files.getLastModifiedTime(home.resolve(JAR))) > 0,
                "the cache was not made again");
        assertEquals(0, count(spillway(home, Map.of(), "--version").err(), PREPARING));
    }

    @Test
    void noCacheWhenSwitchedOffOrWhenTheJvmOptionsAreTheUsers(@TempDir Path home) throws Exception {
        layOut(home, true);
        for (Map<String, String> environment : List.of(Map.of("SPILLWAY_AOT", "off"),
                Map.of("SPILLWAY_JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m"))) {
            Jvm.Run run = spillway(home, environment, "--version");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("spillway "), run.out());
            assertFalse(run.err().contains(PREPARING), environment + ": " + run.err());
            assertFalse(Files.exists(home.resolve(CACHE)), environment.toString());
            assertFalse(Files.exists(home.resolve(CACHE + ".key")), environment.toString());
        }
    }

    @Test
    void aFailedTrainingIsSaidOnceAndTheCommandsRunWithoutACache(@TempDir Path home) throws Exception {
        layOut(home, false);

        Jvm.Run first = report(home, "r");
        assertEquals(1, count(first.err(), FAILED), first.err());
        assertTrue(Files.isRegularFile(home.resolve("r.json")), "the report must still be written");
        assertFalse(Files.exists(home.resolve(CACHE)));

        Jvm.Run second = spillway(home, Map.of(), "--version");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().isBlank(), "a failed training is not retried: " + second.err());
    }

    @Test
    void theHeapIsOnTransparentHugePagesWhereTheKernelHandsThemOut(@TempDir Path home) throws Exception {
        layOut(home, false);
        Path modeFile = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String mode = Files.isReadable(modeFile) ? Files.readString(modeFile) : "";
        boolean expected = mode.contains("[always]") || mode.contains("[madvise]");

        Map<String, String> flags = Map.of("SPILLWAY_AOT", "off", "JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal");
        assertEquals(expected, transparentHugePages(spillway(home, flags, "--version")), "kernel's mode: " + mode);

        Map<String, String> users = new HashMap<>(flags);
        users.put("SPILLWAY_JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m");
        assertFalse(transparentHugePages(spillway(home, users, "--version")), "the user's options are used as given");
    }

    @Test
    void theMethodsTheScriptKeepsFromInliningExist() throws Exception {
        String script = Files.readString(Fixtures.home().resolve("spillway"));
        Matcher named = Pattern.compile("-XX:CompileCommand=dontinline,([\\w.$]+)::(\\w+)").matcher(script);
        int found = 0;
        while (named.find()) {
            String method = named.group(2);
            Class<?> type = Class.forName(named.group(1), false, getClass().getClassLoader());
            assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(method)),
                    named.group() + ": no such method; the JVM would ignore the option without a word");
            found++;
        }
        assertTrue(found > 0, "the script keeps no method from inlining any more; drop this test with the option");
    }

    private static boolean transparentHugePages(Jvm.Run run) {
        assertEquals(0, run.exitCode(), run.err());
        String flag = run.out().lines().filter(l -> l.contains(" UseTransparentHugePages ")).findFirst()
                .orElseThrow(() -> new AssertionError("no flags printed: " + run.out()));
        return flag.matches(".*=\\s+true\\s.*");
    }

    /** The script and what it needs in {@code home}; without the training workload when {@code training} is false. */
    private static void layOut(Path home, boolean training) throws IOException {
        Path project = Fixtures.home();
        List<String> files = new ArrayList<>(List.of("spillway", SETTINGS));
        if (training) {
            files.add(TRAINING);
        }
        files.add(JAR);
        for (String file : files) {
            Path target = home.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(project.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
            // The sources older than the jar, so that the script finds nothing to build; the jar older than any
            // cache made from now on.
            Files.setLastModifiedTime(target, minutesAgo(file.equals(JAR) ? 1 : 3));
        }
        Files.setPosixFilePermissions(home.resolve("spillway"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static FileTime minutesAgo(int minutes) {
        return FileTime.fromMillis(System.currentTimeMillis() - minutes * 60_000L);
    }

    /** {@code spillway report} of the recording into {@code NAME.html} and {@code NAME.json} in {@code home}; it succeeds. */
    private static Jvm.Run report(Path home, String name) throws Exception {
        Jvm.Run run = spillway(home, Map.of(), "report", recording.toString(), "-o", name + ".html", "--json", name + ".json");
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private static Jvm.Run spillway(Path home, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("spillway").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SPILLWAY_") || key.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("JAVA_HOME", Fixtures.java().getParent().getParent().toString());
        builder.environment().putAll(environment);
        return Jvm.run(builder, TIMEOUT);
    }

    private static int count(String text, String line) {
        return (int) text.lines().filter(l -> l.startsWith(line)).count();
    }
}
