package dev.spillway.reporter.render;

import dev.spillway.reporter.compare.Comparison;
import dev.spillway.reporter.compare.RunMetric;

/** Writes a {@link Comparison} as {@code spillway-comparison/1} JSON: the metric table and each run's full report. */
public final class ComparisonJson {
    private ComparisonJson() {
    }

    public static String toJson(Comparison c) {
        JsonWriter json = new JsonWriter();
        json.beginObject().field("format", Comparison.FORMAT).field("baseline", c.baseline().name())
                .field("relativeNoise", c.relativeNoise());
        json.name("metrics").beginArray();
        for (Comparison.MetricRow row : c.metrics()) {
            json.beginObject().field("key", row.key()).field("label", row.label()).field("unit", row.unit())
                    .field("direction", row.direction().name()).field("noiseFloor", row.noiseFloor());
            json.name("cells").beginArray();
            for (Comparison.Cell cell : row.cells()) {
                json.beginObject().field("run", cell.run());
                nullable(json, "value", cell.value());
                nullable(json, "delta", cell.delta());
                nullable(json, "relativeDelta", cell.relativeDelta());
                json.field("outcome", cell.outcome().name()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().name("runs").beginArray();
        for (Comparison.RunResult run : c.runs()) {
            json.beginObject().field("name", run.name());
            json.name("extra").beginArray();
            for (RunMetric m : run.extra()) {
                json.beginObject().field("name", m.name()).field("value", m.value()).field("unit", m.unit())
                        .field("direction", m.direction().name()).endObject();
            }
            json.endArray().name("report");
            ReportJson.write(run.report(), json);
            json.endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static void nullable(JsonWriter json, String name, Double value) {
        json.name(name);
        if (value == null) {
            json.nullValue();
        } else {
            json.value(value.doubleValue());
        }
    }
}
