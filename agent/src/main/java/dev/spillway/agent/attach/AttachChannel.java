package dev.spillway.agent.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.spillway.agent.AgentBootstrap;
import dev.spillway.agent.attach.AttachCommand.CommandException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's attach API, with every failure turned into one sentence for the user.
 *
 * <p>A PID is checked before attaching: the attach API answers a process that is not a JVM only after a
 * ten-second timeout, so a PID that is not among this user's JVMs is refused at once.
 */
final class AttachChannel {

    /** One attachable JVM. */
    record Jvm(String pid, String displayName) {}

    List<Jvm> list() {
        return VirtualMachine.list().stream()
                .map(descriptor -> new Jvm(descriptor.id(), descriptor.displayName()))
                .toList();
    }

    /** The agent's state in {@code pid} (see {@link AgentBootstrap#STATE_PROPERTY}), or null. */
    String state(long pid) throws CommandException {
        VirtualMachine vm = attach(pid);
        try {
            return vm.getSystemProperties().getProperty(AgentBootstrap.STATE_PROPERTY);
        } catch (IOException e) {
            throw new CommandException("cannot read the state of process " + pid + ": " + e.getMessage());
        } finally {
            detachQuietly(vm);
        }
    }

    /** Loads the agent jar into {@code pid} with {@code arguments}. */
    void load(long pid, String arguments) throws CommandException {
        Path jar = agentJar();
        VirtualMachine vm = attach(pid);
        try {
            vm.loadAgent(jar.toString(), arguments);
        } catch (AgentInitializationException e) {
            throw new CommandException("the agent failed to start in process " + pid
                    + " (see that process's standard error)");
        } catch (AgentLoadException | IOException e) {
            throw new CommandException("cannot load the agent into process " + pid + ": " + e.getMessage());
        } finally {
            detachQuietly(vm);
        }
    }

    private VirtualMachine attach(long pid) throws CommandException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            throw new CommandException("there is no process " + pid);
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.get().info().user();
        if (owner.isPresent() && !owner.get().equals(me)) {
            throw new CommandException("process " + pid + " belongs to " + owner.get() + ", not to " + me
                    + "; attach as that user");
        }
        VirtualMachineDescriptor descriptor = VirtualMachine.list().stream()
                .filter(candidate -> candidate.id().equals(Long.toString(pid)))
                .findFirst()
                .orElseThrow(() -> new CommandException("process " + pid + " is not a Java VM this user can attach to"
                        + " (see 'list'; a JVM started with -XX:-UsePerfData or -XX:+DisableAttachMechanism"
                        + " cannot be attached to)"));
        try {
            return VirtualMachine.attach(descriptor);
        } catch (AttachNotSupportedException | IOException | SecurityException e) {
            throw new CommandException("cannot attach to process " + pid + ": " + e.getMessage());
        }
    }

    private static Path agentJar() throws CommandException {
        try {
            Path jar = Path.of(AttachChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw new CommandException("the agent is not running from its jar (" + jar + ")");
            }
            return jar.toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new CommandException("cannot locate the agent jar: " + e);
        }
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // Detaching the attach channel only closes a socket; nothing to do if that fails.
        }
    }
}
