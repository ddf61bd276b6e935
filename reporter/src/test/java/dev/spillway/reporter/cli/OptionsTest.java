package dev.spillway.reporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

@DisplayName("Command-line options")
class OptionsTest {

    private static String agentOptions(String... args) {
        return parsed(args).agent.optionString(null);
    }

    /** A {@code run} command with {@code args} parsed into it, as the command line does before calling it. */
    private static RunCommand parsed(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run.spec()).parseArgs(args);
        return run;
    }

    @Nested
    @DisplayName("agent options")
    class AgentOptionString {
        @ParameterizedTest(name = "{0} becomes {1}")
        @CsvSource(delimiter = '|', value = {
                "--designate com.acme.**;com.other.Io* -- java|designate=com.acme.**;com.other.Io*",
                "--mode redirect --threshold 64k -- java|mode=redirect,threshold=64k",
                "--mode profile --agent verify=true,log=debug -- java|mode=profile,verify=true,log=debug",
                "--agent strict=true --agent metrics=127.0.0.1:9404 -- java|strict=true,metrics=127.0.0.1:9404",
                "--threshold 1048576 --agent threshold=2m -- java|threshold=2m",
                "-- java|''"})
        void areAssembledIntoTheAgentsOptionString(String args, String expected) {
            assertEquals(expected, agentOptions(args.split(" ")));
        }

        @ParameterizedTest(name = "{0} is refused")
        @ValueSource(strings = {"--agent verify", "--agent =x", "--designate a.*,b.* ", "--threshold 12q"})
        void refuseWhatTheAgentCouldNotParse(String args) {
            String[] argv = (args.trim() + " -- java").split(" ");
            assertThrows(UsageException.class, () -> agentOptions(argv));
        }

        @ParameterizedTest(name = "the output directory is passed as out= unless --agent sets it")
        @CsvSource(delimiter = '|', value = {"-- java|out=/tmp/session", "--agent out=/elsewhere -- java|out=/elsewhere"})
        void passTheOutputDirectory(String args, String expected) {
            assertEquals(expected, parsed(args.split(" ")).agent.optionString(Path.of("/tmp/session")));
        }
    }

    @Nested
    @DisplayName("durations")
    class Durations {
        @ParameterizedTest(name = "{0} is {1} ms")
        @CsvSource({"500ms,500", "60s,60000", "90,90000", "2m,120000", "1h,3600000"})
        void readUnits(String text, long millis) {
            assertEquals(Duration.ofMillis(millis), new dev.spillway.reporter.cli.Durations().convert(text));
        }

        @ParameterizedTest(name = "{0} is refused")
        @ValueSource(strings = {"", "soon", "-5s", "5 d", "0"})
        void refuseAnythingElse(String text) {
            assertThrows(CommandLine.TypeConversionException.class, () -> new dev.spillway.reporter.cli.Durations().convert(text));
        }
    }
}
