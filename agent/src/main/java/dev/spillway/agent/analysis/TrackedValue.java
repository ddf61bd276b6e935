package dev.spillway.agent.analysis;

import java.util.BitSet;
import org.objectweb.asm.tree.analysis.Value;

/**
 * A slot of a frame: its size and the origins it may hold. Origins {@code 0..sites-1} are the
 * method's allocation sites in instruction order, the following ones its arguments (receiver first),
 * so one run yields both the site verdicts and the method's summary for its callers.
 *
 * <p>The origin set is never mutated once a value exists; the empty set stands for "nothing the
 * analysis tracks", which is sound because every way a tracked object can reach an untracked place
 * (a field, an array element, an unknown method) is itself an escape.
 */
record TrackedValue(int size, BitSet origins) implements Value {

    static final TrackedValue UNTRACKED_1 = new TrackedValue(1, new BitSet());
    static final TrackedValue UNTRACKED_2 = new TrackedValue(2, new BitSet());

    static TrackedValue untracked(int size) {
        return size == 2 ? UNTRACKED_2 : UNTRACKED_1;
    }

    static TrackedValue of(int origin) {
        BitSet origins = new BitSet();
        origins.set(origin);
        return new TrackedValue(1, origins);
    }

    @Override
    public int getSize() {
        return size;
    }

    boolean tracked() {
        return !origins.isEmpty();
    }

    boolean mayBe(int origin) {
        return origins.get(origin);
    }

    TrackedValue withSize(int newSize) {
        return newSize == size ? this : new TrackedValue(newSize, origins);
    }

    TrackedValue union(TrackedValue other) {
        int mergedSize = size == other.size ? size : 1;
        if (contains(origins, other.origins)) {
            return withSize(mergedSize);
        }
        if (contains(other.origins, origins)) {
            return other.withSize(mergedSize);
        }
        BitSet merged = (BitSet) origins.clone();
        merged.or(other.origins);
        return new TrackedValue(mergedSize, merged);
    }

    private static boolean contains(BitSet whole, BitSet part) {
        if (part.isEmpty()) {
            return true;
        }
        BitSet rest = (BitSet) part.clone();
        rest.andNot(whole);
        return rest.isEmpty();
    }
}
