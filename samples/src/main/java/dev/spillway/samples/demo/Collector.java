package dev.spillway.samples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The garbage collectors the demo compares. Every run gets a fixed heap (Xms = Xmx) small enough
 * that the workloads' buffers fill it many times over; with 1 MiB G1 regions every array of
 * 512 KiB or more is humongous.
 */
public enum Collector {
    G1(List.of("-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m")),
    ZGC(List.of("-XX:+UseZGC"));

    private final List<String> options;

    Collector(List<String> options) {
        this.options = options;
    }

    public List<String> jvmOptions(String heap) {
        List<String> all = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        all.addAll(options);
        return all;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
