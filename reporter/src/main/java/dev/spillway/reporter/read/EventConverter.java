package dev.spillway.reporter.read;

/** Turns one decoded event into an observation, or null when the event says nothing the reporter uses. */
@FunctionalInterface
interface EventConverter {

    Observation convert(EventView event);

    /**
     * Binds a converter to one chunk's layout of its event type: the converter asks {@link Fields} for the indexes
     * of the fields it reads, once per metadata, and only those fields are decoded.
     */
    @FunctionalInterface
    interface Binder {
        EventConverter bind(Fields fields);
    }

    /** Hands out field indexes and remembers which fields are needed, and below what value one drops the event. */
    final class Fields {
        private final JfrType type;
        private final boolean[] needed;
        private int floorField = -1;
        private long floor;

        Fields(JfrType type) {
            this.type = type;
            this.needed = new boolean[type.fields.size()];
        }

        /** The index of field {@code name}, or -1 when this type lacks it (the {@code hasField} of jdk.jfr). */
        int of(String name) {
            int index = type.fieldIndex(name);
            if (index >= 0) {
                needed[index] = true;
            }
            return index;
        }

        /**
         * The index of integer field {@code name}, as {@link #of}, with the promise that the converter drops every
         * event whose value there is below {@code minimum}: the decoder may then drop such an event without
         * decoding the rest of it.
         */
        int ofAtLeast(String name, long minimum) {
            int index = of(name);
            // A floor of zero drops nothing worth looking at twice.
            if (index >= 0 && minimum > 0) {
                floorField = index;
                floor = minimum;
            }
            return index;
        }

        boolean[] needed() {
            return needed.clone();
        }

        /** The field given to {@link #ofAtLeast}, or -1. */
        int floorField() {
            return floorField;
        }

        long floor() {
            return floor;
        }
    }
}
