package dev.spillway.reporter.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.compare.Comparison;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class CompareCommand extends SpillwayCommand {

    final Slot<List<Path>> recordings = parameter(PositionalParamSpec.builder().index("0..*").arity("2..*").required(true)
            .paramLabel("REC.jfr").type(List.class).auxiliaryTypes(Path.class)
            .description("The baseline, then one or more candidates."));

    final Slot<Path> output = option(OptionSpec.builder("-o", "--output").paramLabel("FILE.html").type(Path.class)
            .defaultValue("compare.html").description("The HTML report (default: ${DEFAULT-VALUE})."));

    final Slot<Path> json = option(OptionSpec.builder("--json").paramLabel("FILE.json").type(Path.class)
            .description("Also write the comparison as JSON."));

    final Slot<List<String>> names = option(OptionSpec.builder("--names").splitRegex(",").paramLabel("NAME")
            .type(List.class).auxiliaryTypes(String.class)
            .description("Names of the runs, in order (default: the file names)."));

    final Slot<Double> noisePercent = option(OptionSpec.builder("--noise").paramLabel("PERCENT").type(double.class)
            .defaultValue("5").description("Differences within this percentage of the baseline are 'same' (default: ${DEFAULT-VALUE})."));

    CompareCommand() {
        super("compare", "Compare recordings side by side: the first is the baseline.");
    }

    @Override
    public Integer call() throws Exception {
        List<Path> recordings = this.recordings.value;
        Path output = this.output.value;
        Path json = this.json.value;
        List<String> names = this.names.value;
        double noisePercent = this.noisePercent.value;
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
