package dev.spillway.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The places an option can come from, highest precedence first: agent arguments, system properties, the
 * environment, and the properties file named by {@code config}.
 *
 * @param agentArguments the {@code key=value,key=value} string after {@code =} in {@code -javaagent}, or null
 * @param systemProperties system properties, read through {@code spillway.KEY}
 * @param environment environment variables, read through {@code SPILLWAY_KEY}
 * @param files how to read the properties file named by {@code config}
 */
public record ConfigSources(
        String agentArguments,
        Map<String, String> systemProperties,
        Map<String, String> environment,
        PropertiesFileReader files) {

    /** Reads a properties file. */
    @FunctionalInterface
    public interface PropertiesFileReader {
        /** The file's properties; throws when the file cannot be read or parsed. */
        Properties read(Path path) throws IOException;
    }

    /** The sources of this JVM: its system properties, its environment and its file system. */
    public static ConfigSources ofThisJvm(String agentArguments) {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        return new ConfigSources(agentArguments, properties, System.getenv(), ConfigSources::readFile);
    }

    private static Properties readFile(Path path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
