package dev.spillway.reporter.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.compare.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare recordings side by side: the first is the baseline.")
final class CompareCommand extends SpillwayCommand {

    @Parameters(arity = "2..*", paramLabel = "REC.jfr", description = "The baseline, then one or more candidates.")
    List<Path> recordings;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", defaultValue = "compare.html", description = "The HTML report (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--json", paramLabel = "FILE.json", description = "Also write the comparison as JSON.")
    Path json;

    @Option(names = "--names", split = ",", paramLabel = "NAME", description = "Names of the runs, in order (default: the file names).")
    List<String> names;

    @Option(names = "--noise", paramLabel = "PERCENT", defaultValue = "5", description = "Differences within this percentage of the baseline are 'same' (default: ${DEFAULT-VALUE}).")
    double noisePercent;

    @Override
    public Integer call() throws Exception {
        if (names != null && names.size() != recordings.size()) {
            throw new UsageException("--names has " + names.size() + " names for " + recordings.size() + " recordings");
        }
        if (noisePercent < 0 || noisePercent >= 100) {
            throw new UsageException("--noise must be a percentage from 0 to 100, got " + noisePercent);
        }
        requireWritable(output);
        requireWritable(json);
        List<Reports.Run> runs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < recordings.size(); i++) {
            Path recording = requireRecording(recordings.get(i));
            String name = names != null ? names.get(i) : baseName(recording);
            String unique = name;
            for (int n = 2; !used.add(unique); n++) {
                unique = name + " (" + n + ")";
            }
            runs.add(new Reports.Run(unique, recording));
        }
        Comparison comparison = Reports.compare(runs, noisePercent / 100, new Reports.RunProgress() {
            private final java.util.Map<String, java.util.function.DoubleConsumer> bars = new java.util.HashMap<>();

            @Override
            public void progress(Reports.Run run, double fraction) {
                bars.computeIfAbsent(run.name(), k -> CompareCommand.this.progress(run.recording().getFileName().toString())).accept(fraction);
            }
        });
        Reports.write(comparison, output, json);
        status("wrote " + output + (json != null ? " and " + json : ""));
        return 0;
    }
}
