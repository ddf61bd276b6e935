package dev.spillway.reporter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.analyze.Report;

/** The end of a profiling session ({@code run}, {@code attach}): the recording becomes DIR/report.html and DIR/report.json. */
final class Session {
    static final String RECORDING = "recording.jfr";

    private Session() {
    }

    static Path outputDirectory(Path out) throws IOException {
        Path dir = out != null ? out : Path.of("spillway-out");
        if (!Files.isDirectory(dir)) {
            SpillwayCommand.requireWritable(dir);
        }
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new UsageException("cannot write into " + dir + ": no permission");
        }
        return dir.toAbsolutePath();
    }

    static void report(SpillwayCommand command, Path dir) throws IOException {
        Path recording = dir.resolve(RECORDING);
        if (!Files.isRegularFile(recording)) {
            throw new UsageException("no recording was written to " + recording);
        }
        Report report = Reports.analyze(recording, command.progress(RECORDING));
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        Reports.write(report, html, json);
        command.status("wrote " + html + " and " + json);
        report.findings().stream().limit(3)
                .forEach(f -> command.status(f.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.title()));
    }
}
