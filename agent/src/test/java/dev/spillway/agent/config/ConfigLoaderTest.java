package dev.spillway.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private final Map<String, String> systemProperties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<Path, String> files = new HashMap<>();

    private ConfigResult load(String arguments) {
        return ConfigLoader.load(new ConfigSources(arguments, systemProperties, environment, path -> {
            String text = files.get(path);
            if (text == null) {
                throw new NoSuchFileException(path.toString());
            }
            Properties properties = new Properties();
            properties.load(new StringReader(text));
            return properties;
        }));
    }

    private AgentConfig loaded(String arguments) {
        return assertInstanceOf(ConfigResult.Loaded.class, load(arguments)).config();
    }

    private ConfigResult.Rejected rejected(String arguments) {
        return assertInstanceOf(ConfigResult.Rejected.class, load(arguments));
    }

    @Nested
    class Defaults {
        @Test
        void areTheDocumentedOnesWhenNothingIsSet() {
            assertEquals(AgentConfig.defaults(), loaded(null));
            assertEquals(AgentConfig.defaults(), loaded(""));
        }

        @Test
        void matchTheDefaultsListedWithEachKey() {
            AgentConfig defaults = AgentConfig.defaults();
            assertEquals(OptionKey.MODE.defaultValue(), defaults.mode().token());
            assertEquals(64 * 1024, defaults.threshold());
            assertEquals(OptionKey.OUT.defaultValue(), defaults.out().toString());
            assertEquals(OptionKey.LOG.defaultValue(), defaults.log().token());
            assertEquals(Integer.parseInt(OptionKey.THROTTLE.defaultValue()), defaults.throttle());
            assertEquals(Optional.empty(), defaults.metrics());
        }
    }

    @Nested
    class Parses {
        @Test
        void everyKeyFromAgentArguments() {
            AgentConfig config = loaded("designate=com.acme.**;com.other.Io*, exclude=com.acme.gen.**,mode=redirect,"
                    + "threshold=1m,out=/tmp/x,metrics=9464,verify=true,log=debug,strict=false,throttle=5");
            assertEquals(ClassPatterns.parse("com.acme.**;com.other.Io*"), config.designate());
            assertEquals("com.acme.gen.**", config.exclude().toString());
            assertEquals(Mode.REDIRECT, config.mode());
            assertEquals(1 << 20, config.threshold());
            assertEquals(Path.of("/tmp/x"), config.out());
            assertEquals(Optional.of(new MetricsAddress("127.0.0.1", 9464)), config.metrics());
            assertTrue(config.verify());
            assertEquals(LogLevel.DEBUG, config.log());
            assertFalse(config.strict());
            assertEquals(5, config.throttle());
        }

        @ParameterizedTest(name = "threshold={0} is {1} bytes")
        @CsvSource({"0, 0", "65536, 65536", "64k, 65536", "64K, 65536", "1m, 1048576", "1g, 1073741824",
                "2147483647, 2147483647", "' 8k ', 8192"})
        void sizesWithSuffixes(String text, int bytes) {
            assertEquals(bytes, loaded("threshold=" + text).threshold());
        }

        @ParameterizedTest(name = "metrics={0} listens on {1}:{2}")
        @CsvSource({"9464, 127.0.0.1, 9464", "localhost:0, localhost, 0", "0.0.0.0:9464, 0.0.0.0, 9464",
                "'[::1]:9464', ::1, 9464"})
        void metricsAddresses(String text, String host, int port) {
            assertEquals(Optional.of(new MetricsAddress(host, port)), loaded("metrics=" + text).metrics());
        }
    }

    @Nested
    class Precedence {
        @Test
        void agentArgumentsWinOverEverything() {
            systemProperties.put("spillway.threshold", "2k");
            environment.put("SPILLWAY_THRESHOLD", "3k");
            files.put(Path.of("agent.properties"), "threshold=4k");
            assertEquals(1024, loaded("threshold=1k,config=agent.properties").threshold());
        }

        @Test
        void systemPropertiesWinOverEnvironmentAndFile() {
            systemProperties.put("spillway.threshold", "2k");
            environment.put("SPILLWAY_THRESHOLD", "3k");
            environment.put("SPILLWAY_CONFIG", "agent.properties");
            files.put(Path.of("agent.properties"), "threshold=4k");
            assertEquals(2048, loaded(null).threshold());
        }

        @Test
        void environmentWinsOverTheFile() {
            environment.put("SPILLWAY_THRESHOLD", "3k");
            systemProperties.put("spillway.config", "agent.properties");
            files.put(Path.of("agent.properties"), "threshold=4k\nmode=redirect");
            AgentConfig config = loaded(null);
            assertEquals(3072, config.threshold());
            assertEquals(Mode.REDIRECT, config.mode());
        }

        @Test
        void unknownSpillwayPropertiesBelongToOtherComponentsAndAreIgnored() {
            systemProperties.put("spillway.allocator.backing", "mmap");
            environment.put("SPILLWAY_HOME", "/opt/spillway");
            assertEquals(AgentConfig.defaults(), loaded(null));
        }
    }

    @Nested
    class Rejects {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                designate                         | has no value
                =x                                | is not an option
                mode=profile,,log=info            | empty entry
                colour=blue                       | is not an option
                mode=profile,mode=redirect        | given twice
                mode=turbo                        | option mode='turbo' (from agent arguments) is invalid
                mode=                             | option mode='' (from agent arguments) is invalid
                threshold=                        | option threshold
                threshold=abc                     | allowed: a size in bytes
                threshold=-1                      | option threshold='-1'
                threshold=64q                     | option threshold='64q'
                threshold=k                       | option threshold='k'
                threshold=2g                      | larger than the largest array
                threshold=99999999999             | option threshold
                threshold=1.5m                    | option threshold
                metrics=host:                     | the port must be a number
                metrics=:9464                     | the host is empty
                metrics=localhost:70000           | the port must be a number
                metrics=::1:9464                  | write an IPv6 host in brackets
                metrics=[::1]9464                 | an IPv6 host needs the form
                verify=yes                        | option verify='yes'
                strict=1                          | option strict='1'
                log=loud                          | option log='loud'
                throttle=-3                       | option throttle
                throttle=2000000                  | option throttle
                designate=com/acme/**             | write class names with dots
                designate=com.acme.**;;com.b.*    | empty pattern
                designate=com..acme               | empty name segment
                designate=com.acme**              | must be a whole segment
                designate=com.ac-me.*             | cannot occur in a class name
                designate=java.util.**            | names JDK classes
                designate=com.sun.net.**          | names JDK classes
                designate=sun.misc.*              | names JDK classes
                exclude=jdk.internal.**           | names JDK classes
                config=missing.properties         | cannot be read
                """)
        void malformedOptionsWithAMessageNamingTheProblem(String arguments, String message) {
            String actual = rejected(arguments).message();
            assertTrue(actual.contains(message), () -> "'" + actual + "' does not contain '" + message + "'");
        }

        @Test
        void unknownKeysInTheConfigFile() {
            files.put(Path.of("agent.properties"), "colour=blue");
            assertTrue(rejected("config=agent.properties").message().contains("key 'colour' in config file"));
        }

        @Test
        void aConfigFileThatNamesAnother() {
            files.put(Path.of("agent.properties"), "config=other.properties");
            assertTrue(rejected("config=agent.properties").message().contains("cannot name another"));
        }

        @Test
        void malformedValuesFromEverySourceNamingTheSource() {
            systemProperties.put("spillway.mode", "fast");
            assertTrue(rejected(null).message().contains("from system property spillway.mode"));
            systemProperties.clear();
            environment.put("SPILLWAY_MODE", "fast");
            assertTrue(rejected(null).message().contains("from environment variable SPILLWAY_MODE"));
            environment.clear();
            files.put(Path.of("a.properties"), "mode=fast");
            assertTrue(rejected("config=a.properties").message().contains("from config file a.properties"));
        }

        @ParameterizedTest(name = "strict from {0}")
        @CsvSource({"arguments", "system property", "config file"})
        void strictlyWhenStrictIsSetInAnySource(String source) {
            String arguments = "threshold=huge";
            switch (source) {
                case "arguments" -> arguments += ",strict=true";
                case "system property" -> systemProperties.put("spillway.strict", "TRUE");
                default -> {
                    files.put(Path.of("s.properties"), "strict=true");
                    arguments += ",config=s.properties";
                }
            }
            assertTrue(rejected(arguments).strict());
        }

        @ParameterizedTest(name = "strict despite {0}")
        @CsvSource(delimiter = '|', value = {
            "colour=blue,strict=true",
            "strict=true,colour=blue",
            "designate=com.acme.**,,strict=true",
            "mode,strict=true",
            "strict=true,strict=true"})
        void strictlyWhenTheArgumentsThatSayStrictCannotBeParsed(String arguments) {
            assertTrue(rejected(arguments).strict());
        }

        @Test
        void strictlyFromTheSystemPropertyWhenTheArgumentsCannotBeParsed() {
            systemProperties.put("spillway.strict", "true");
            assertTrue(rejected("colour=blue").strict());
        }

        @Test
        void lenientlyWhenStrictIsNotSet() {
            assertFalse(rejected("threshold=huge").strict());
            assertFalse(rejected("colour=blue,strict=false").strict());
        }
    }

    @Nested
    class Patterns {
        @ParameterizedTest(name = "{0} matches {1}: {2}")
        @CsvSource({
            "com.acme.**, com.acme.Relay, true",
            "com.acme.**, com.acme.io.deep.Reader, true",
            "com.acme.**, com.acme, false",
            "com.acme.**, com.acmeX.Relay, false",
            "com.acme.*, com.acme.Relay$Worker, true",
            "com.acme.*, com.acme.io.Reader, false",
            "com.acme.io.*Reader, com.acme.io.LineReader, true",
            "com.acme.io.*Reader, com.acme.io.LineWriter, false",
            "com.**.io.*, com.acme.x.io.Pipe, true",
            "com.**.io.*, com.io.Pipe, true",
            "com.acme.Relay, com.acme.Relay, true",
            "com.acme.Relay, com.acme.Relay2, false",
            "**, org.example.Main, true",
        })
        void matchBinaryClassNames(String pattern, String className, boolean matches) {
            assertEquals(matches, ClassPatterns.parse(pattern).matches(className));
        }

        @Test
        void anyOfSeveralSeparatedBySemicolons() {
            ClassPatterns patterns = ClassPatterns.parse(" com.a.* ; org.b.** ");
            assertTrue(patterns.matches("com.a.X"));
            assertTrue(patterns.matches("org.b.c.Y"));
            assertFalse(patterns.matches("net.c.Z"));
            assertEquals("com.a.*;org.b.**", patterns.toString());
        }
    }

    @Test
    void readsPropertiesFilesFromDisk(@org.junit.jupiter.api.io.TempDir Path directory) throws IOException {
        Path file = java.nio.file.Files.writeString(directory.resolve("spillway.properties"),
                "designate=com.acme.**\nthreshold=8k\n");
        ConfigResult result = ConfigLoader.load(ConfigSources.ofThisJvm("config=" + file));
        AgentConfig config = assertInstanceOf(ConfigResult.Loaded.class, result).config();
        assertEquals(8192, config.threshold());
    }
}
