package dev.spillway.reporter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import jdk.management.jfr.FlightRecorderMXBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Attaches to a running JVM: loads the agent, then records through the JVM's own {@code FlightRecorderMXBean}
 * (reached over the local management agent that the attach API starts), so nothing but a JDK is needed on either side.
 */
@Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach the agent to a running JVM, record for a while, and write the report.",
        footer = "The target JVM should run with -XX:+EnableDynamicAgentLoading, or it prints a warning (JEP 451).")
final class AttachCommand extends SpillwayCommand {

    private static final String AGENT_STATE = "spillway.agent.state";
    private static final String REJECTED = "rejected: ";

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM.")
    long pid;

    @Mixin
    AgentOptions agent;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s", converter = Durations.class,
            description = "How long to record, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the recording and the report go (default: spillway-out).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (pid == ProcessHandle.current().pid()) {
            throw new UsageException("cannot attach to spillway itself");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new UsageException("no process " + pid);
        }
        Path dir = Session.outputDirectory(out);
        String options = agent.noAgent ? null : agent.optionString(dir);
        Path jar = agent.noAgent ? null : AgentOptions.agentJar(home());
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new UsageException("cannot attach to " + pid + ": " + e.getMessage());
        }
        Path recording = dir.resolve(Session.RECORDING);
        Files.deleteIfExists(recording);
        try {
            if (jar != null) {
                loadAgent(vm, jar, options);
            }
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                FlightRecorderMXBean recorder = JMX.newMXBeanProxy(connection,
                        new ObjectName(FlightRecorderMXBean.MXBEAN_NAME), FlightRecorderMXBean.class);
                long id = recorder.newRecording();
                recorder.setRecordingSettings(id, JfrSettings.merged());
                recorder.setRecordingOptions(id, Map.of("name", "spillway", "disk", "true"));
                recorder.startRecording(id);
                waitFor(duration);
                recorder.stopRecording(id);
                recorder.copyTo(id, recording.toString());
                recorder.closeRecording(id);
            }
        } finally {
            vm.detach();
        }
        Session.report(this, dir);
        return 0;
    }

    /**
     * Loads the agent and reads back what it made of its options: the agent publishes its state in the target's
     * system property {@value #AGENT_STATE} (docs/AGENT.md), and a running JVM is never stopped for a bad option, so
     * this is where a rejected option becomes one {@code error:} line and exit code 2, before anything is recorded.
     */
    private void loadAgent(VirtualMachine vm, Path jar, String options) throws Exception {
        String before = vm.getSystemProperties().getProperty(AGENT_STATE);
        if ("running".equals(before)) {
            status("a Spillway agent already runs in " + pid + " (an earlier attach); recording with its options");
            return;
        }
        status("loading the agent into " + pid);
        vm.loadAgent(jar.toString(), options);
        String after = vm.getSystemProperties().getProperty(AGENT_STATE);
        if (after != null && after.startsWith(REJECTED)) {
            throw new UsageException("the agent refused its options: " + after.substring(REJECTED.length())
                    + "; " + pid + " runs on without it");
        }
        if (!"running".equals(after)) {
            throw new UsageException("the agent did not start in " + pid + ": "
                    + (after == null ? "it reported no state" : after) + "; " + pid + " runs on without it");
        }
    }

    private void waitFor(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long step = Math.max(1_000_000_000L, duration.toNanos() / 10);
        status("recording " + pid + " for " + duration.toSeconds() + " s");
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, step)));
            if (end - System.nanoTime() > 0) {
                status("recording: " + Math.max(0, (end - System.nanoTime()) / 1_000_000_000L) + " s left");
            }
        }
    }
}
