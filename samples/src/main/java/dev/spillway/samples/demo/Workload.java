package dev.spillway.samples.demo;

import java.util.Locale;

/** The sample programs the demo runs, each in a child JVM of its own. */
public enum Workload {
    RELAY("dev.spillway.samples.relay.RelayMain"),
    INGEST("dev.spillway.samples.ingest.IngestMain"),
    BLOBCACHE("dev.spillway.samples.blobcache.BlobCacheMain");

    private final String mainClass;

    Workload(String mainClass) {
        this.mainClass = mainClass;
    }

    public String mainClass() {
        return mainClass;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
