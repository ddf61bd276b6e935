package dev.spillway.reporter.analyze;

import java.util.Locale;

/** How the reporter writes sizes, durations and shares for people: binary units, three significant digits. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    public static String bytes(double bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", value) : decimal(value) + " " + BYTE_UNITS[unit];
    }

    public static String nanos(double nanos) {
        double abs = Math.abs(nanos);
        if (abs >= 1e9) {
            return decimal(nanos / 1e9) + " s";
        }
        if (abs >= 1e6) {
            return decimal(nanos / 1e6) + " ms";
        }
        if (abs >= 1e3) {
            return decimal(nanos / 1e3) + " µs";
        }
        return String.format(Locale.ROOT, "%.0f ns", nanos);
    }

    public static String percent(double fraction) {
        double p = fraction * 100;
        return (Math.abs(p) >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    public static String rate(double bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    /** {@code -XX:G1HeapRegionSize} notation: {@code 4m}, {@code 512k}. */
    public static String flagSize(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "m";
        }
        return bytes / 1024 + "k";
    }

    private static String decimal(double value) {
        double abs = Math.abs(value);
        String format = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, value);
    }
}
