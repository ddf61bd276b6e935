package dev.spillway.reporter.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every subcommand shares: {@code --verbose}, progress on stderr, and where Spillway is installed (the
 * {@code spillway.home} system property the root script sets, else the directory above {@code reporter/target}).
 */
abstract class SpillwayCommand implements Callable<Integer> {

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void status(String message) {
        err().println("spillway: " + message);
        err().flush();
    }

    /** Prints "reading NAME: N%" at every tenth, so that a long recording shows it is moving. */
    DoubleConsumer progress(String name) {
        int[] lastTenth = {-1};
        return fraction -> {
            int tenth = (int) Math.floor(fraction * 10);
            if (tenth > lastTenth[0]) {
                lastTenth[0] = tenth;
                status("reading " + name + ": " + tenth * 10 + "%");
            }
        };
    }

    static Path home() {
        String property = System.getProperty("spillway.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(SpillwayCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("spillway")) && Files.isDirectory(p.resolve("reporter"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path requireRecording(Path file) {
        if (!Files.exists(file)) {
            throw new UsageException("no such file: " + file);
        }
        return file;
    }

    /**
     * Refuses, before any work is done, an output file that cannot be written: its nearest existing ancestor is not a
     * writable directory, or the file itself is a directory. Null passes (no such output asked for).
     */
    static Path requireWritable(Path file) {
        if (file == null) {
            return null;
        }
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new UsageException("cannot write " + file + ": it is a directory");
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new UsageException("cannot write " + file + ": " + ancestor + " is not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new UsageException("cannot write " + file + ": no permission to write in " + ancestor);
        }
        return file;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
    }
}
