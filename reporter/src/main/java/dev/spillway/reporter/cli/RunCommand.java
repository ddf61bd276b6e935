package dev.spillway.reporter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class RunCommand extends SpillwayCommand {

    final AgentOptions agent = new AgentOptions(this);

    final Slot<Path> out = option(OptionSpec.builder("--out").paramLabel("DIR").type(Path.class)
            .description("Where the recording and the report go (default: spillway-out)."));

    final Slot<Path> aotCache = option(OptionSpec.builder("--aot-cache").paramLabel("FILE").type(Path.class)
            .description("A JDK 25 AOT cache, for a faster start: "
            + "when FILE does not exist, this run is a training run that writes it at exit (the JVM records nothing "
            + "while it trains, so there is no report); when it does, the run starts from it. The command's java must "
            + "be a JDK 25 or later, and its class path jars only."));

    final Slot<List<String>> command = parameter(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true)
            .paramLabel("java ARGS").type(List.class).auxiliaryTypes(String.class)
            .description("The command after '--'; a bare 'java' means the JDK spillway runs on."));

    RunCommand() {
        super("run", "Start an application with the agent and a JFR recording; write the report when it exits.");
        spec.usageMessage().footer("Example: spillway run --designate 'com.acme.**' --mode redirect --out out -- java -jar app.jar");
    }

    /** The exit code of a JVM whose agent, with {@code strict=true}, refused its options before {@code main}. */
    private static final int STRICT_REFUSAL = 2;

    @Override
    public Integer call() throws Exception {
        Path dir = Session.outputDirectory(out.value);
        Path aotCache = this.aotCache.value;
        List<String> argv = new ArrayList<>(command.value);
        if (argv.getFirst().equals("java")) {
            argv.set(0, javaExecutable().toString());
        }
        List<String> injected = new ArrayList<>();
        Path jar = null;
        if (!agent.noAgent()) {
            String options = agent.optionString(dir, true);
            jar = AgentOptions.agentJar(home());
            injected.add("-javaagent:" + jar + (options.isEmpty() ? "" : "=" + options));
        }
        Map<String, String> environment = new HashMap<>();
        boolean training = false;
        if (aotCache != null) {
            training = !Files.exists(aotCache);
            if (training) {
                injected.add(aotTraining(aotCache, jar, environment));
            } else {
                injected.addAll(aotUse(aotCache, jar));
            }
        }
        Path settings = JfrSettings.write(dir.resolve("spillway.jfc"));
        injected.add("-XX:StartFlightRecording=name=spillway,dumponexit=true,filename=" + dir.resolve(Session.RECORDING)
                + ",settings=" + settings);
        argv.addAll(1, injected);
        status("starting " + String.join(" ", argv));
        ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
        int exit = process.waitFor();
        status("the application exited with " + exit);
        // A training run never leaves a recording, so there its absence says nothing about the agent.
        if (!agent.noAgent() && !training && exit == STRICT_REFUSAL && !Files.exists(dir.resolve(Session.RECORDING))) {
            throw new UsageException("the agent refused its options (its reason is the line above); the application did not run");
        }
        if (training) {
            // The JVM turns JFR off while it trains a cache, so a training run leaves no recording to report.
            status(Files.isRegularFile(aotCache) ? "wrote the AOT cache " + aotCache + "; runs with --aot-cache "
                    + aotCache + " start from it and are recorded" : "the JVM did not write the AOT cache " + aotCache
                    + " (its reason is above)");
            return exit;
        }
        Session.report(this, dir);
        return exit;
    }

    /**
     * The JVM options that start this run from {@code cache}: none when the cache is older than the agent jar. The JVM
     * refuses a cache whose boot class path jar changed, and then starts without any CDS archive at all, slower than
     * with no cache; so such a cache is left out of this run, with a line saying so.
     */
    private List<String> aotUse(Path cache, Path agentJar) throws IOException {
        if (Files.isDirectory(cache)) {
            throw new UsageException("--aot-cache " + cache + " is a directory; name a file: an AOT cache to use, or one "
                    + "to write");
        }
        if (!Files.isReadable(cache)) {
            throw new UsageException("--aot-cache " + cache + " cannot be read");
        }
        if (agentJar != null && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(agentJar)) < 0) {
            status("the AOT cache " + cache + " is older than the agent jar " + agentJar + ", which the JVM would "
                    + "refuse; this run starts without it (delete it, and the next run with --aot-cache trains a new one)");
            return List.of();
        }
        status("starting from the AOT cache " + cache);
        return List.of("-XX:AOTCache=" + cache.toAbsolutePath());
    }

    /**
     * The JVM option that makes this run the training run that writes {@code cache}.
     *
     * <p>The agent's manifest puts its jar on the boot class path when the JVM loads the agent. A training run with
     * {@code -XX:AOTCacheOutput} writes the cache at exit in a second JVM that loads no agent, and that JVM refuses to
     * write a cache whose boot class path differs from the training's; {@code JDK_AOT_VM_OPTIONS}, which only that
     * second JVM reads, gives it the jar.
     */
    private String aotTraining(Path cache, Path agentJar, Map<String, String> environment) {
        Path file = cache.toAbsolutePath();
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new UsageException("--aot-cache " + cache + ": its directory does not exist");
        }
        if (agentJar != null) {
            environment.put("JDK_AOT_VM_OPTIONS", "-Xbootclasspath/a:" + agentJar.toAbsolutePath());
        }
        status("a training run: the JVM writes the AOT cache " + cache + " when the application exits");
        return "-XX:AOTCacheOutput=" + file;
    }
}
