package dev.spillway.reliability.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the things the tests run: the agent jar, this module's test classes, the copied libraries. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path agentJar() {
        return existing("spillway.agent.jar");
    }

    public static Path testClasses() {
        return existing("spillway.test.classes");
    }

    /** {@code target/reliability}: sweep/, companions/, launcher/, suites/NAME/ (see the pom). */
    public static Path lib() {
        return existing("spillway.reliability.lib");
    }

    /** The reporter's CLI jar, which the root {@code ./spillway} script runs. */
    public static Path cliJar() {
        return existing("spillway.cli.jar");
    }

    /** The project's root, which the CLI is told as {@code spillway.home} (where it finds the agent jar). */
    public static Path home() {
        return existing("spillway.home");
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + "=" + path + " does not exist; build the agent first (mvn -pl reliability -am verify)");
        }
        return path;
    }
}
