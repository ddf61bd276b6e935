package dev.spillway.reporter.cli;

import java.nio.file.Path;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.analyze.Report;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class ReportCommand extends SpillwayCommand {

    final Slot<Path> recording = parameter(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("REC.jfr").type(Path.class)
            .description("A recording made by JDK 17 or later."));

    final Slot<Path> output = option(OptionSpec.builder("-o", "--output").paramLabel("FILE.html").type(Path.class)
            .description("The HTML report (default: REC.html next to the recording)."));

    final Slot<Path> json = option(OptionSpec.builder("--json").paramLabel("FILE.json").type(Path.class)
            .description("Also write the numbers as JSON."));

    ReportCommand() {
        super("report", "Write the HTML report (and JSON) of one JFR recording.");
    }

    @Override
    public Integer call() throws Exception {
        Path recording = requireRecording(this.recording.value);
        Path html = requireWritable(output.value != null ? output.value
                : recording.toAbsolutePath().resolveSibling(baseName(recording) + ".html"));
        Path json = requireWritable(this.json.value);
        Report report = Reports.analyze(recording, progress(recording.getFileName().toString()));
        Reports.write(report, html, json);
        status("wrote " + html + (json != null ? " and " + json : ""));
        report.findings().stream().limit(3).forEach(f -> status(f.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.title()));
        return 0;
    }
}
