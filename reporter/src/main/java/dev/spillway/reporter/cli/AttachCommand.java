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
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Attaches to a running JVM: loads the agent, then records through the JVM's own {@code FlightRecorderMXBean}
 * (reached over the local management agent that the attach API starts), so nothing but a JDK is needed on either side.
 */
final class AttachCommand extends SpillwayCommand {

    private static final String AGENT_STATE = "spillway.agent.state";
    private static final String REJECTED = "rejected: ";

    final Slot<Long> pid = parameter(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("PID").type(long.class)
            .description("The process id of the JVM."));

    final AgentOptions agent = new AgentOptions(this);

    final Slot<Duration> duration = option(OptionSpec.builder("--duration").paramLabel("D").type(Duration.class)
            .defaultValue("60s").converters(new Durations())
            .description("How long to record, e.g. 30s, 5m (default: ${DEFAULT-VALUE})."));

    final Slot<Path> out = option(OptionSpec.builder("--out").paramLabel("DIR").type(Path.class)
            .description("Where the recording and the report go (default: spillway-out)."));

    AttachCommand() {
        super("attach", "Attach the agent to a running JVM, record for a while, and write the report.");
        spec.usageMessage().footer("The target JVM should run with -XX:+EnableDynamicAgentLoading, or it prints a warning (JEP 451).");
    }

    @Override
    public Integer call() throws Exception {
        long pid = this.pid.value;
        if (pid == ProcessHandle.current().pid()) {
            throw new UsageException("cannot attach to spillway itself");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new UsageException("no process " + pid);
        }
        Path dir = Session.outputDirectory(out.value);
        String options = agent.noAgent() ? null : agent.optionString(dir);
        Path jar = agent.noAgent() ? null : AgentOptions.agentJar(home());
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
                loadAgent(vm, jar, options, pid);
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
                waitFor(duration.value, pid);
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
    private void loadAgent(VirtualMachine vm, Path jar, String options, long pid) throws Exception {
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

    private void waitFor(Duration duration, long pid) throws InterruptedException {
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
