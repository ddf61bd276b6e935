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

    /** Hands out field indexes and remembers which fields are needed. */
    final class Fields {
        private final JfrType type;
        private final boolean[] needed;

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

        boolean[] needed() {
            return needed.clone();
        }
    }
}
