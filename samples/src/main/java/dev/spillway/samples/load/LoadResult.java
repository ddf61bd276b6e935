package dev.spillway.samples.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run of a workload measured. {@link #resultLine()} is the one machine-readable line a
 * workload prints, which the demo parses from the child JVM's output.
 */
public record LoadResult(
        String workload,
        LoadSpec spec,
        long bytes,
        long elapsedNanos,
        long p50Nanos,
        long p99Nanos,
        long maxNanos,
        String outputChecksum) {

    /** Prefix of the machine-readable result line. */
    public static final String RESULT_PREFIX = "RESULT ";

    public double throughputOpsPerSec() {
        return spec.operations() / seconds();
    }

    public double throughputMiBPerSec() {
        return bytes / (1024.0 * 1024.0) / seconds();
    }

    private double seconds() {
        return Math.max(elapsedNanos, 1) / 1e9;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", millis(p50Nanos));
        latency.put("p99", millis(p99Nanos));
        latency.put("max", millis(maxNanos));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workload", workload);
        json.put("operations", spec.operations());
        json.put("concurrency", spec.concurrency());
        json.put("seed", spec.seed());
        json.put("minSize", spec.minSize());
        json.put("maxSize", spec.maxSize());
        json.put("bytes", bytes);
        json.put("elapsedMs", millis(elapsedNanos));
        json.put("throughputOpsPerSec", round(throughputOpsPerSec()));
        json.put("throughputMiBPerSec", round(throughputMiBPerSec()));
        json.put("latencyMs", latency);
        json.put("outputChecksum", outputChecksum);
        return json;
    }

    public String resultLine() {
        return resultLine(Map.of());
    }

    /** The RESULT line with a workload's own measurements added to the common ones. */
    public String resultLine(Map<String, Object> extra) {
        Map<String, Object> json = toJson();
        json.putAll(extra);
        return RESULT_PREFIX + Json.write(json);
    }

    /** The human-readable summary, followed by the RESULT line. */
    public void print(PrintStream out) {
        print(out, Map.of());
    }

    /** The human-readable summary, followed by the RESULT line carrying {@code extra} too. */
    public void print(PrintStream out, Map<String, Object> extra) {
        out.printf(Locale.ROOT, "%s: %d operations on %d threads in %.2f s: %.1f ops/s, %.1f MiB/s%n",
                workload, spec.operations(), spec.concurrency(), seconds(), throughputOpsPerSec(), throughputMiBPerSec());
        out.printf(Locale.ROOT, "latency p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                millis(p50Nanos), millis(p99Nanos), millis(maxNanos));
        out.println("output checksum " + outputChecksum);
        out.println(resultLine(extra));
        out.flush();
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
