package dev.spillway.reporter.cli;

import java.nio.file.Path;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.analyze.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Write the HTML report (and JSON) of one JFR recording.")
final class ReportCommand extends SpillwayCommand {

    @Parameters(index = "0", paramLabel = "REC.jfr", description = "A recording made by JDK 17 or later.")
    Path recording;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "The HTML report (default: REC.html next to the recording).")
    Path output;

    @Option(names = "--json", paramLabel = "FILE.json", description = "Also write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        requireRecording(recording);
        Path html = requireWritable(output != null ? output : recording.toAbsolutePath().resolveSibling(baseName(recording) + ".html"));
        requireWritable(json);
        Report report = Reports.analyze(recording, progress(recording.getFileName().toString()));
        Reports.write(report, html, json);
        status("wrote " + html + (json != null ? " and " + json : ""));
        report.findings().stream().limit(3).forEach(f -> status(f.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.title()));
        return 0;
    }
}
