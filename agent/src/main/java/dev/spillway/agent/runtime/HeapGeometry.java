package dev.spillway.agent.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the running JVM's heap makes of an array: which collector runs and, on G1, how large a region is.
 *
 * @param gc the collector: {@code G1}, {@code ZGC}, {@code Shenandoah}, {@code Parallel}, {@code Serial},
 *     {@code Epsilon} or {@code unknown}
 * @param regionSize the G1 region size in bytes, 0 when the collector is not G1
 * @param arrayHeader bytes before the first element of a {@code byte[]}
 */
public record HeapGeometry(String gc, long regionSize, int arrayHeader) {
    private static final String[][] COLLECTORS = {
        {"UseG1GC", "G1"}, {"UseZGC", "ZGC"}, {"UseShenandoahGC", "Shenandoah"},
        {"UseParallelGC", "Parallel"}, {"UseSerialGC", "Serial"}, {"UseEpsilonGC", "Epsilon"},
    };

    public HeapGeometry {
        if (regionSize < 0 || arrayHeader < 0) {
            throw new IllegalArgumentException("regionSize and arrayHeader must not be negative");
        }
    }

    /** Reads the running JVM's flags; a JVM without the HotSpot diagnostic bean counts as not G1. */
    public static HeapGeometry detect() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String gc = "unknown";
            for (String[] collector : COLLECTORS) {
                if (flag(hotspot, collector[0])) {
                    gc = collector[1];
                    break;
                }
            }
            long regionSize = gc.equals("G1") ? Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue()) : 0;
            int header = flag(hotspot, "UseCompactObjectHeaders") ? 12
                    : flag(hotspot, "UseCompressedClassPointers") ? 16 : 20;
            return new HeapGeometry(gc, regionSize, header);
        } catch (RuntimeException | LinkageError e) {
            return new HeapGeometry("unknown", 0, 16);
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return Boolean.parseBoolean(hotspot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether a {@code byte[size]} is humongous: its size with header, aligned to 8 bytes, is at least half a
     * region (the rule of docs/EVENTS.md). Always false when not on G1.
     */
    public boolean isHumongous(int size) {
        return size >= humongousFrom();
    }

    /** The smallest humongous {@code byte[]} length; {@link Long#MAX_VALUE} when not on G1. */
    public long humongousFrom() {
        if (regionSize == 0) {
            return Long.MAX_VALUE;
        }
        // align8(header + size) >= half <=> header + size > half - 8, since half is a multiple of 8.
        return Math.max(0, regionSize / 2 - 7 - arrayHeader);
    }
}
