package dev.spillway.reliability.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM (or any command) run to completion, its output kept in files so that it can never block. */
public final class Jvm {
    /** The finished run. */
    public record Run(int exitCode, String out, String err) {
        /** The non-blank lines of standard error. */
        public List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private Jvm() {
    }

    public static Run run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), timeout);
    }

    /** Runs {@code builder}'s command, with its environment and working directory. */
    public static Run run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        List<String> command = builder.command();
        Path out = Files.createTempFile("reliability", ".out");
        Path err = Files.createTempFile("reliability", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("did not finish in " + timeout + ": " + command + "\nstdout: "
                        + Files.readString(out) + "\nstderr: " + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code java [jvmOptions] -cp <test classes>[:extra] MAIN args}, with the JDK running the tests. */
    public static List<String> java(List<String> jvmOptions, String extraClassPath, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Fixtures.java().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(Fixtures.testClasses() + (extraClassPath == null ? "" : File.pathSeparator + extraClassPath));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** {@code -javaagent:<agent jar>=OPTIONS}. */
    public static String agent(String options) {
        return "-javaagent:" + Fixtures.agentJar() + (options.isEmpty() ? "" : "=" + options);
    }
}
