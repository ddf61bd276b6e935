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
        // Loops and named classes, not lambdas, on the way to main: a lambda's first use spins a class (about
        // 2 ms each, the JVM's first one about 10 ms, on the machine of docs/AGENT.md#start-up-cost).
        Map<String, String> properties = new java.util.HashMap<>();
        for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
            properties.put(String.valueOf(property.getKey()), String.valueOf(property.getValue()));
        }
        return new ConfigSources(agentArguments, properties, System.getenv(), new FileReader());
    }

    /** Reads properties files from the file system, in UTF-8. */
    private static final class FileReader implements PropertiesFileReader {
        @Override
        public Properties read(Path path) throws IOException {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            return properties;
        }
    }
}
