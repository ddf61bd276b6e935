package dev.spillway.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started by a test: the agent jar, the test classes and the JDKs come from system properties. */
public final class ChildJvm implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path errFile;

    private ChildJvm(Process process, Path errFile) {
        this.process = process;
        this.errFile = errFile;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** The shaded agent jar built by {@code package}. */
    public static Path agentJar() {
        return Path.of(required("spillway.agent.jar"));
    }

    /** The test classes directory. */
    public static String testClasses() {
        return required("spillway.test.classes");
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set; run the integration tests through Maven");
        }
        return value;
    }

    /** Starts {@code command}; standard error goes to a file so that it can never block the child. */
    public static ChildJvm start(List<String> command) throws IOException {
        Path errFile = Files.createTempFile("spillway-child", ".err");
        Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        return new ChildJvm(process, errFile);
    }

    /** Runs {@code command} to the end. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        try (ChildJvm child = start(command)) {
            child.in.close();
            List<String> lines = new ArrayList<>();
            for (String line = child.out.readLine(); line != null; line = child.out.readLine()) {
                lines.add(line);
            }
            if (!child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("child did not exit: " + command);
            }
            return new Result(child.process.exitValue(), lines, Files.readAllLines(child.errFile));
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends one line to the child's standard input. */
    public void send(String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's next line of standard output. */
    public String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("child ended; stderr: " + stderr());
        }
        return line;
    }

    /** Everything the child wrote to standard error so far. */
    public List<String> stderr() throws IOException {
        return Files.readAllLines(errFile);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Files.deleteIfExists(errFile);
    }

    /**
     * A finished child.
     *
     * @param exitCode its exit code
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Result(int exitCode, List<String> stdout, List<String> stderr) {}
}
