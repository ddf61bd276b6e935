package dev.spillway.samples.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The short table the demo prints at the end: one line per run. */
final class ConsoleTable {

    private static final String ROW = "%-22s %5s %6s %10s %9s %10s %12s  %s%n";

    private ConsoleTable() {
    }

    static void print(DemoSummary summary, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "run", "GCs", "humong", "pause ms", "p99 ms", "ops/s", "redirected", "checksum");
        for (RunSummary run : summary.runs()) {
            out.printf(Locale.ROOT, ROW,
                    run.spec().name(),
                    run.gc().count(),
                    run.gc().humongousCollections(),
                    String.format(Locale.ROOT, "%.1f", run.gc().pauseTotalMs()),
                    String.format(Locale.ROOT, "%.2f", run.gc().pauseP99Ms()),
                    String.format(Locale.ROOT, "%.1f", run.throughputOpsPerSec()),
                    run.spec().agent() ? String.format(Locale.ROOT, "%.0f MiB", run.gc().redirectedBytes() / 1048576.0) : "-",
                    run.outputChecksum());
        }
        for (RunSummary run : summary.runs()) {
            if (run.result().get("heapBytes") instanceof Number heap && run.result().get("offHeapBytes") instanceof Number offHeap) {
                out.printf(Locale.ROOT, "%-22s holds %.1f MiB of heap after a full GC and %.1f MiB off the heap%n",
                        run.spec().name(), heap.longValue() / 1048576.0, offHeap.longValue() / 1048576.0);
            }
        }
        for (DemoSummary.Skipped skipped : summary.skipped()) {
            out.printf(Locale.ROOT, "%-22s skipped: %s%n", skipped.name(), skipped.reason());
        }
    }
}
