package dev.spillway.agent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttachCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... arguments) {
        return AttachCommand.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errorLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("error: "), text);
        return text.lines().findFirst().orElseThrow();
    }

    @Nested
    class Refuses {
        @ParameterizedTest(name = "{0} with: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                ''                      | no command
                bogus                   | unknown command 'bogus'
                attach                  | missing PID
                attach abc              | 'abc' is not a process id
                attach -5               | '-5' is not a process id
                attach 0                | '0' is not a process id
                detach                  | missing PID
                detach 12 extra         | detach takes only a PID
                list now                | list takes no arguments
                """)
        void badCommandLinesWithOneErrorLineAndStatusTwo(String line, String message) {
            String[] arguments = line.isEmpty() ? new String[0] : line.split(" ");
            assertEquals(2, run(arguments));
            assertTrue(errorLine().contains(message), errorLine());
        }

        @Test
        void aPidWithoutProcess() {
            long pid = ProcessHandle.current().pid() + 4_000_000L;
            assertEquals(2, run("attach", Long.toString(pid)));
            assertEquals("error: there is no process " + pid, errorLine());
        }

        @Test
        void aProcessThatIsNotAJvmAtOnce() throws IOException, InterruptedException {
            Process sleeper = new ProcessBuilder("sleep", "30").start();
            try {
                assertEquals(2, run("detach", Long.toString(sleeper.pid())));
                assertTrue(errorLine().contains("is not a Java VM this user can attach to"), errorLine());
            } finally {
                sleeper.destroy();
                sleeper.waitFor();
            }
        }
    }

    @Nested
    class Lists {
        @Test
        void theJvmsOfThisUserIncludingThisOne() {
            assertEquals(0, run("list"));
            String self = Long.toString(ProcessHandle.current().pid());
            assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch(line -> line.startsWith(self + "\t")),
                    out.toString(StandardCharsets.UTF_8));
        }
    }
}
