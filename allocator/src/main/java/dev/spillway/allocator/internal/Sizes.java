package dev.spillway.allocator.internal;

/** The one place where sizes given by callers are checked, so that every component words it the same way. */
public final class Sizes {

    private Sizes() {
    }

    /**
     * @param what names the value, e.g. {@code "allocation size"}
     * @param value the value
     * @param max the largest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException naming the value and the allowed range unless {@code 1 <= value <= max}
     */
    public static long checkSize(String what, long value, long max) {
        if (value <= 0 || value > max) {
            throw new IllegalArgumentException(what + " must be between 1 and " + max + " bytes, got " + value);
        }
        return value;
    }

    /**
     * @param what names the value
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is a positive power of two
     */
    public static long checkPowerOfTwo(String what, long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(what + " must be a positive power of two, got " + value);
        }
        return value;
    }

    /**
     * @param what names the value
     * @param value the value
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value >= min}
     */
    public static long checkAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * @param value a non-negative value
     * @param multiple a power of two
     * @return {@code value} rounded up to a multiple of {@code multiple}
     */
    public static long roundUp(long value, long multiple) {
        return (value + multiple - 1) & -multiple;
    }
}
