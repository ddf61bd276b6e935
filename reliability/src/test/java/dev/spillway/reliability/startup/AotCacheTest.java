package dev.spillway.reliability.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.faults.app.FaultApp;
import dev.spillway.reliability.support.Fixtures;
import dev.spillway.reliability.support.Jvm;
import dev.spillway.reliability.support.Sites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spillway run --aot-cache}: the first run trains and writes a JDK 25 AOT cache with the agent in it, the
 * second starts from that cache (with the archived module graph, which a plain {@code -javaagent} run loses) and
 * behaves exactly as the first.
 */
class AotCacheTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void aTrainingRunWritesTheCacheAndTheNextRunStartsFromItWithTheAgentAtWork(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("app.aot");
        Path app = applicationJar(dir.resolve("fault-app.jar"));

        Jvm.Run training = run(dir, app, cache, "training");
        assertEquals(0, training.exitCode(), training.err());
        assertTrue(Files.isRegularFile(cache), "the training run wrote no cache: " + training.err());
        assertTrue(training.err().contains("wrote the AOT cache " + cache), training.err());
        assertTrue(training.err().contains("JFR will be disabled"), "a training run records nothing: " + training.err());

        Jvm.Run cached = run(dir, app, cache, "cached");
        assertEquals(0, cached.exitCode(), cached.err());
        assertTrue(cached.out().contains("Opened AOT cache " + cache), cached.out());
        assertTrue(cached.out().contains("full module graph: enabled"), cached.out());
        assertFalse(cached.out().contains("[error]"), cached.out());

        String result = "churn " + FaultApp.churn(3);
        assertTrue(training.out().contains(result), training.out());
        assertTrue(cached.out().contains(result), cached.out());
        Sites trained = Sites.read(dir.resolve("training").resolve("sites.json"));
        Sites fromCache = Sites.read(dir.resolve("cached").resolve("sites.json"));
        assertTrue(trained.allocations() > 0, "the agent counted nothing: " + trained);
        assertEquals(trained, fromCache, "the agent must count the same with the cache as without");
        assertTrue(Files.isRegularFile(dir.resolve("cached").resolve("report.html")), "the cached run is recorded");
        assertFalse(Files.exists(dir.resolve("training").resolve("recording.jfr")));
    }

    @Test
    void aCacheOlderThanTheAgentJarIsLeftOutAndTheRunIsRecordedAsUsual(@TempDir Path dir) throws Exception {
        // The JVM would refuse it and start without any CDS archive; the content does not matter, it is never read.
        Path cache = Files.writeString(dir.resolve("stale.aot"), "a cache made with an earlier agent jar");
        Path agentJar = Fixtures.agentJar();
        Files.setLastModifiedTime(cache, FileTime.fromMillis(Files.getLastModifiedTime(agentJar).toMillis() - 60_000));
        Path app = applicationJar(dir.resolve("fault-app.jar"));

        Jvm.Run run = run(dir, app, cache, "stale");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("the AOT cache " + cache + " is older than the agent jar"), run.err());
        assertFalse(run.err().contains("-XX:AOTCache"), "the stale cache was passed on: " + run.err());
        assertFalse(run.out().contains("Opened AOT cache"), run.out());
        assertTrue(run.out().contains("churn " + FaultApp.churn(3)), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("stale").resolve("report.html")), "the run is recorded");
    }

    @Test
    void aTrainingRunPassesTheApplicationsExitStatusOnAsItIs(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("app.aot");
        Path app = applicationJar(dir.resolve("fault-app.jar"));

        Jvm.Run training = run(dir, app, cache, "training", "churn", "2", "2");
        assertEquals(2, training.exitCode(), training.err());
        assertTrue(training.out().contains("churn " + FaultApp.churn(2)), training.out());
        assertFalse(training.err().contains("the agent refused"), training.err());
        assertTrue(Files.isRegularFile(cache), training.err());
    }

    /** The application as a jar: a cache refuses a class path with a non-empty directory. */
    private static Path applicationJar(Path jar) throws IOException {
        Path classes = Fixtures.testClasses();
        Path app = classes.resolve(FaultApp.class.getPackageName().replace('.', '/'));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(app)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Jvm.Run run(Path dir, Path app, Path cache, String out) throws Exception {
        return run(dir, app, cache, out, "churn", "3");
    }

    private static Jvm.Run run(Path dir, Path app, Path cache, String out, String... scenario) throws Exception {
        List<String> command = new ArrayList<>(List.of(Fixtures.java().toString(), "-Dspillway.home=" + Fixtures.home(),
                "-jar", Fixtures.cliJar().toString(), "run", "--designate", "dev.spillway.reliability.faults.app.**",
                "--aot-cache", cache.toString(), "--out", dir.resolve(out).toString(), "--",
                Fixtures.java().toString(), "-Xlog:aot=info", "-cp", app.toString(), FaultApp.class.getName()));
        command.addAll(List.of(scenario));
        return Jvm.run(new ProcessBuilder(command).directory(dir.toFile()), TIMEOUT);
    }
}
