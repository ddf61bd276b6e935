package dev.spillway.samples.demo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One completed run as summary.json and the terminal table show it: the run, what its recording
 * says, and what the workload itself reported on its RESULT line.
 *
 * @param result the workload's RESULT line, parsed
 * @param recording the run's JFR recording
 * @param wallSeconds the child JVM's lifetime, start-up included
 */
public record RunSummary(RunSpec spec, GcStats gc, Map<String, Object> result, Path recording, double wallSeconds) {

    public RunSummary {
        result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    public String outputChecksum() {
        return String.valueOf(result.get("outputChecksum"));
    }

    public double throughputOpsPerSec() {
        return result.get("throughputOpsPerSec") instanceof Number n ? n.doubleValue() : 0;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> gcJson = new LinkedHashMap<>();
        gcJson.put("count", gc.count());
        gcJson.put("pauseTotalMs", gc.pauseTotalMs());
        gcJson.put("pauseP99Ms", gc.pauseP99Ms());
        gcJson.put("pauseMaxMs", gc.pauseMaxMs());
        gcJson.put("humongousCollections", gc.humongousCollections());
        gcJson.put("causes", gc.causes());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", spec.name());
        json.put("workload", spec.workload().label());
        json.put("collector", spec.collector().label());
        json.put("agent", spec.agent());
        json.put("heap", spec.heap());
        json.put("args", spec.args());
        json.put("gc", gcJson);
        json.put("largeArrayBytes", gc.largeArrayBytes());
        json.put("redirectedBytes", gc.redirectedBytes());
        json.put("agentMode", gc.agentMode());
        json.put("throughputOpsPerSec", result.get("throughputOpsPerSec"));
        json.put("throughputMiBPerSec", result.get("throughputMiBPerSec"));
        json.put("latencyMs", result.get("latencyMs"));
        json.put("outputChecksum", outputChecksum());
        json.put("recording", recording.getFileName().toString());
        json.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        json.put("result", result);
        return json;
    }
}
