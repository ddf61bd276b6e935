package dev.spillway.benchmarks.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time from starting a JVM to its {@code main}, for {@link TinyApp} without and with the agent designating its
 * package. Each invocation starts a JVM and stops timing at the line {@code main} prints first.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StartupBenchmark -p agentJar=agent/target/spillway-agent.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(1)
public class StartupBenchmark {

    @Param({"none", "agent"})
    String run;

    @Param("agent/target/spillway-agent.jar")
    String agentJar;

    private List<String> command;
    private Path out;

    @Setup
    public void setUp() throws IOException, URISyntaxException {
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto"));
        if (run.equals("agent")) {
            Path jar = Path.of(agentJar).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no agent jar at " + jar + "; pass -p agentJar=PATH");
            }
            out = Files.createTempDirectory("spillway-startup");
            command.add("-javaagent:" + jar + "=designate=dev.spillway.benchmarks.agent.TinyApp,out=" + out);
        }
        // Only where TinyApp lives: the benchmark's own class path would make both runs scan more jars.
        String classPath = Path.of(TinyApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        command.addAll(List.of("-cp", classPath, TinyApp.class.getName()));
    }

    @Benchmark
    public String timeToMain() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            if (!"main".equals(first)) {
                throw new IllegalStateException("the application did not reach main: " + first);
            }
            return first;
        } finally {
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
