package dev.spillway.agent.attach;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar spillway-agent.jar attach|detach|list}: parses the command line in one place and runs one
 * {@link Command}. Bad input is one {@code error:} line and exit code 2.
 */
public final class AttachCommand {
    static final int USAGE_ERROR = 2;
    static final String USAGE = """
            usage: java -jar spillway-agent.jar attach PID [KEY=VALUE[,KEY=VALUE...]...]
                   java -jar spillway-agent.jar detach PID
                   java -jar spillway-agent.jar list""";

    private AttachCommand() {}

    /** Runs the command and exits with its status. */
    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] arguments, PrintStream out, PrintStream err) {
        try {
            return parse(List.of(arguments)).run(new AttachChannel(), out, err);
        } catch (CommandException e) {
            err.println("error: " + e.getMessage());
            return USAGE_ERROR;
        }
    }

    static Command parse(List<String> arguments) throws CommandException {
        if (arguments.isEmpty()) {
            throw new CommandException("no command\n" + USAGE);
        }
        String name = arguments.getFirst();
        List<String> rest = arguments.subList(1, arguments.size());
        return switch (name) {
            case "list" -> {
                if (!rest.isEmpty()) {
                    throw new CommandException("list takes no arguments, got " + rest);
                }
                yield new Command.ListJvms();
            }
            case "attach" -> new Command.Attach(pid(rest), String.join(",", rest.subList(1, rest.size())));
            case "detach" -> {
                if (rest.size() > 1) {
                    throw new CommandException("detach takes only a PID, got " + rest);
                }
                yield new Command.Detach(pid(rest));
            }
            case "-h", "--help", "help" -> new Command.Help(USAGE);
            default -> throw new CommandException("unknown command '" + name + "'\n" + USAGE);
        };
    }

    private static long pid(List<String> rest) throws CommandException {
        if (rest.isEmpty()) {
            throw new CommandException("missing PID\n" + USAGE);
        }
        String text = rest.getFirst();
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(text) == 0) {
            throw new CommandException("'" + text + "' is not a process id");
        }
        return Long.parseLong(text);
    }

    /** A command line that cannot be run; the message is fit for the user. */
    static final class CommandException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandException(String message) {
            super(message, null, false, false);
        }
    }
}
