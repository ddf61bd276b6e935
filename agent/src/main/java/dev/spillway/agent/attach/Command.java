package dev.spillway.agent.attach;

import dev.spillway.agent.AgentBootstrap;
import dev.spillway.agent.attach.AttachCommand.CommandException;
import java.io.PrintStream;

/** The commands of the agent jar; each runs against an {@link AttachChannel} and returns an exit status. */
sealed interface Command {

    int run(AttachChannel channel, PrintStream out, PrintStream err) throws CommandException;

    private static void warnAboutDynamicLoading(long pid, PrintStream err) {
        err.println("note: unless process " + pid + " was started with -XX:+EnableDynamicAgentLoading, its JVM"
                + " prints a warning about a dynamically loaded agent; the warning is expected");
    }

    /** Loads the agent into a running JVM with the given options. */
    record Attach(long pid, String options) implements Command {
        @Override
        public int run(AttachChannel channel, PrintStream out, PrintStream err) throws CommandException {
            String before = channel.state(pid);
            if ("running".equals(before)) {
                throw new CommandException("a Spillway agent is already running in process " + pid
                        + "; detach it first");
            }
            warnAboutDynamicLoading(pid, err);
            channel.load(pid, options);
            String after = channel.state(pid);
            if (!"running".equals(after)) {
                throw new CommandException("the agent did not start in process " + pid + ": "
                        + (after == null ? "no state reported" : after));
            }
            out.println("attached to " + pid + (options.isEmpty() ? "" : " with " + options));
            return 0;
        }
    }

    /** Restores the original classes of a JVM the agent runs in, and stops the agent there. */
    record Detach(long pid) implements Command {
        @Override
        public int run(AttachChannel channel, PrintStream out, PrintStream err) throws CommandException {
            if (!"running".equals(channel.state(pid))) {
                throw new CommandException("no Spillway agent is running in process " + pid);
            }
            // Detaching is itself a dynamic load of the agent jar, with the same warning.
            warnAboutDynamicLoading(pid, err);
            channel.load(pid, AgentBootstrap.DETACH);
            String after = channel.state(pid);
            if (!"detached".equals(after)) {
                throw new CommandException("the agent in process " + pid + " did not detach: " + after);
            }
            out.println("detached from " + pid + "; its classes are restored");
            return 0;
        }
    }

    /** Lists the JVMs of this user that can be attached to. */
    record ListJvms() implements Command {
        @Override
        public int run(AttachChannel channel, PrintStream out, PrintStream err) {
            channel.list().forEach(jvm -> out.println(jvm.pid() + "\t" + jvm.displayName()));
            return 0;
        }
    }

    /** Prints the usage. */
    record Help(String usage) implements Command {
        @Override
        public int run(AttachChannel channel, PrintStream out, PrintStream err) {
            out.println(usage);
            return 0;
        }
    }
}
