package dev.spillway.reporter.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.spillway.reporter.read.UnreadableRecordingException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code spillway} command line. Bad input (a missing or broken recording, an unknown option, a bad
 * duration) is one {@code error:} line on stderr and exit code 2; a stack trace only with {@code --verbose}.
 * The commands are described in code ({@link SpillwayCommand} says why).
 */
public final class Spillway implements Runnable {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    /**
     * The subcommands, in the order the help lists them. A command line that starts with a subcommand's name gets
     * only that one (when picocli read annotations, adding all five took 250 ms against 190 ms for {@code report}
     * alone in a fresh JVM); any other (help, version, a typo) gets them all.
     */
    private static final Map<String, Supplier<SpillwayCommand>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("compare", CompareCommand::new);
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("attach", AttachCommand::new);
        SUBCOMMANDS.put("demo", DemoCommand::new);
    }

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    private Spillway() {
        spec.name("spillway");
        spec.versionProvider(new Version());
        spec.usageMessage().description(
                "Finds large byte-array allocations, takes them off the heap's allocation path, and proves the effect.");
        SpillwayCommand.addStandardHelpOptions(spec);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: report, compare, run, attach or demo");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; what the tests call. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** With the given streams instead of System.out and System.err (null keeps them). */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine commandLine = new CommandLine(new Spillway().spec);
        Supplier<SpillwayCommand> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named.get().spec());
        } else {
            SUBCOMMANDS.values().forEach(subcommand -> commandLine.addSubcommand(subcommand.get().spec()));
            // picocli's own help command, annotated: read only on this path.
            commandLine.addSubcommand(new CommandLine.HelpCommand());
        }
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter stderr = e.getCommandLine().getErr();
            stderr.println("error: " + oneLine(e.getMessage()));
            stderr.flush();
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter stderr = cmd.getErr();
            boolean bad = e instanceof UsageException || e instanceof UnreadableRecordingException;
            stderr.println("error: " + oneLine(bad || e.getMessage() != null ? e.getMessage() : e.toString()));
            if (verbose) {
                e.printStackTrace(stderr);
            }
            stderr.flush();
            return bad ? BAD_INPUT : FAILED;
        });
        return commandLine.execute(args);
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Spillway.class.getPackage().getImplementationVersion();
            return new String[]{"spillway " + (version == null ? "(development build)" : version)};
        }
    }
}
