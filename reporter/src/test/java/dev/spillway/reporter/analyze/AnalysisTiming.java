package dev.spillway.reporter.analyze;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.spillway.reporter.read.Observation;
import dev.spillway.reporter.read.RecordingFileCheck;
import dev.spillway.reporter.read.RecordingReader;
import dev.spillway.reporter.render.ReportJson;

/**
 * Times the analysis alone, warm: reads a recording's observations into memory once, then feeds them to a new
 * {@link RecordingAnalyzer} round after round, and prints the median and fastest round with a hash of the report's
 * JSON (which must not change when only speed does). Needs a heap that holds every observation (some 100 bytes
 * each):
 *
 * <pre>
 * java -Xmx6g -cp reporter/target/classes:reporter/target/test-classes:$(cat reporter/target/classpath.txt) \
 *     dev.spillway.reporter.analyze.AnalysisTiming r100.jfr 15
 * </pre>
 * ({@code ./mvnw -q -pl reporter dependency:build-classpath -Dmdep.outputFile=target/classpath.txt} writes the
 * class path.)
 */
final class AnalysisTiming {
    private AnalysisTiming() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AnalysisTiming RECORDING.jfr ROUNDS");
        }
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Observation> observations = new ArrayList<>();
        RecordingFileCheck.Span span = RecordingReader.read(file, observations::add, fraction -> { });
        long[] nanos = new long[rounds];
        String json = null;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            RecordingAnalyzer analyzer = new RecordingAnalyzer(file.toString(), Files.size(file), span);
            observations.forEach(analyzer);
            Report report = analyzer.finish();
            nanos[round] = System.nanoTime() - start;
            json = ReportJson.toJson(report);
        }
        Arrays.sort(nanos);
        System.out.printf("%d observations; analysis median %.3f s, fastest %.3f s of %d rounds; JSON hash %08x%n",
                observations.size(), nanos[rounds / 2] / 1e9, nanos[0] / 1e9, rounds, json.hashCode());
    }
}
