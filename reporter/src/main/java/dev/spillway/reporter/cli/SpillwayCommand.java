package dev.spillway.reporter.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What every subcommand shares: how it is described to picocli, {@code --help}, {@code --version} and
 * {@code --verbose}, progress on stderr, and where Spillway is installed (the {@code spillway.home} system property
 * the root script sets, else the directory above {@code reporter/target}).
 *
 * <p>The commands are described with picocli's programmatic API, not its annotations: reading annotations makes the
 * JDK generate a proxy class for each annotation type (and for their meta-annotations) at run time, in the
 * interpreter, which was some 95 ms of every command's start even from the script's AOT cache (docs/REPORT.md, "An
 * AOT cache for the CLI"). A command declares each option once, as a {@link Slot} that picocli fills while parsing.
 */
abstract class SpillwayCommand implements Callable<Integer> {

    /** This command as picocli sees it; {@link #spec()} for the subcommand to add. */
    final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    SpillwayCommand(String name, String description) {
        spec.name(name);
        spec.usageMessage().description(description);
        addStandardHelpOptions(spec);
        // Read by Spillway.execute from the raw arguments, before anything is parsed; declared so that it parses.
        flag("--verbose", "Print stack traces on errors.");
    }

    /** This command, for {@code CommandLine.addSubcommand}. */
    CommandSpec spec() {
        return spec;
    }

    /** What picocli's {@code mixinStandardHelpOptions} adds, with its texts, without reading its annotated mixin. */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /** Adds the option that {@code builder} describes (type and all) and returns where its value goes. */
    <T> Slot<T> option(OptionSpec.Builder builder) {
        return option(builder, new Slot<>(null));
    }

    /** Adds a flag: false unless given. */
    Slot<Boolean> flag(String name, String description) {
        return option(OptionSpec.builder(name).type(boolean.class).initialValue(false).description(description),
                new Slot<>(false));
    }

    private <T> Slot<T> option(OptionSpec.Builder builder, Slot<T> slot) {
        spec.addOption(builder.getter(slot).setter(slot).build());
        return slot;
    }

    /** Adds the positional parameter that {@code builder} describes and returns where its value goes. */
    <T> Slot<T> parameter(PositionalParamSpec.Builder builder) {
        Slot<T> slot = new Slot<>(null);
        spec.addPositional(builder.getter(slot).setter(slot).build());
        return slot;
    }

    /** Where picocli puts an option's or a parameter's value while it parses; the command reads {@link #value}. */
    static final class Slot<T> implements IGetter, ISetter {
        T value;

        Slot(T initial) {
            value = initial;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V newValue) {
            V old = (V) value;
            value = (T) newValue;
            return old;
        }
    }

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
