package dev.spillway.reporter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Start an application with the agent and a JFR recording; write the report when it exits.",
        footer = "Example: spillway run --designate 'com.acme.**' --mode redirect --out out -- java -jar app.jar")
final class RunCommand extends SpillwayCommand {

    @Mixin
    AgentOptions agent;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the recording and the report go (default: spillway-out).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "java ARGS", description = "The command after '--'; a bare 'java' means the JDK spillway runs on.")
    List<String> command;

    /** The exit code of a JVM whose agent, with {@code strict=true}, refused its options before {@code main}. */
    private static final int STRICT_REFUSAL = 2;

    @Override
    public Integer call() throws Exception {
        Path dir = Session.outputDirectory(out);
        List<String> argv = new ArrayList<>(command);
        if (argv.getFirst().equals("java")) {
            argv.set(0, javaExecutable().toString());
        }
        List<String> injected = new ArrayList<>();
        if (!agent.noAgent) {
            String options = agent.optionString(dir, true);
            Path jar = AgentOptions.agentJar(home());
            injected.add("-javaagent:" + jar + (options.isEmpty() ? "" : "=" + options));
        }
        Path settings = JfrSettings.write(dir.resolve("spillway.jfc"));
        injected.add("-XX:StartFlightRecording=name=spillway,dumponexit=true,filename=" + dir.resolve(Session.RECORDING)
                + ",settings=" + settings);
        argv.addAll(1, injected);
        status("starting " + String.join(" ", argv));
        Process process = new ProcessBuilder(argv).inheritIO().start();
        int exit = process.waitFor();
        status("the application exited with " + exit);
        if (!agent.noAgent && exit == STRICT_REFUSAL && !Files.exists(dir.resolve(Session.RECORDING))) {
            throw new UsageException("the agent refused its options (its reason is the line above); the application did not run");
        }
        Session.report(this, dir);
        return exit;
    }
}
