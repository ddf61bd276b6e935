package dev.spillway.reporter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs the samples' demo ({@code dev.spillway.samples.demo.DemoMain}) on the samples module's run-time class path:
 * {@code samples/target/spillway-samples.jar} and the jars its build copies to {@code samples/target/lib/}.
 */
final class DemoCommand extends SpillwayCommand {
    static final String MAIN_CLASS = "dev.spillway.samples.demo.DemoMain";

    final Slot<Boolean> quick = flag("--quick", "Shorter runs, for a first look.");

    final Slot<Path> out = option(OptionSpec.builder("--out").paramLabel("DIR").type(Path.class)
            .description("Where report.html and summary.json go."));

    DemoCommand() {
        super("demo", "Run the samples with and without the agent and write the comparison report.");
    }

    @Override
    public Integer call() throws Exception {
        Path home = home();
        Path jar = home.resolve("samples/target/spillway-samples.jar");
        if (!Files.isRegularFile(jar) || !containsMain(jar)) {
            throw new UsageException("the demo is not built yet");
        }
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        Path lib = home.resolve("samples/target/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classPath.add(p.toString()));
            }
        }
        List<String> argv = new ArrayList<>(List.of(javaExecutable().toString(), "-Dspillway.home=" + home,
                "-cp", String.join(java.io.File.pathSeparator, classPath), MAIN_CLASS));
        if (quick.value) {
            argv.add("--quick");
        }
        if (out.value != null) {
            argv.add("--out");
            argv.add(out.value.toString());
        }
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
    }

    private static boolean containsMain(Path jar) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry(MAIN_CLASS.replace('.', '/') + ".class") != null;
        }
    }
}
