package dev.spillway.reporter.read;

/**
 * A field of a {@link JfrType}: its value is an array when {@code array}, a constant-pool key (a varint) when
 * {@code constantPool}, and otherwise laid out as its type says. {@code unsigned} and {@code timespanUnit} come
 * from the {@code jdk.jfr.Unsigned} and {@code jdk.jfr.Timespan} annotations and change how jdk.jfr widens and
 * converts the value.
 */
final class JfrField {
    final String name;
    final long typeId;
    final boolean array;
    final boolean constantPool;
    JfrType type;
    boolean unsigned;
    String timespanUnit;

    JfrField(String name, long typeId, boolean array, boolean constantPool) {
        this.name = name;
        this.typeId = typeId;
        this.array = array;
        this.constantPool = constantPool;
    }

    @Override
    public String toString() {
        return name + ":" + (type == null ? typeId : type.name) + (array ? "[]" : "") + (constantPool ? " (pool)" : "");
    }
}
