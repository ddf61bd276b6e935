package dev.spillway.agent.analysis;

import java.util.ArrayList;
import java.util.List;

/** The edges ASM's {@code Analyzer} followed, recorded as it went; indices are instruction indices. */
final class ControlFlow {

    private final List<List<Integer>> normal;
    private final List<List<Integer>> exceptional;

    ControlFlow(int instructions) {
        normal = new ArrayList<>(instructions);
        exceptional = new ArrayList<>(instructions);
        for (int i = 0; i < instructions; i++) {
            normal.add(new ArrayList<>(2));
            exceptional.add(new ArrayList<>(0));
        }
    }

    void addNormal(int from, int to) {
        add(normal.get(from), to);
    }

    void addExceptional(int from, int to) {
        add(exceptional.get(from), to);
    }

    private static void add(List<Integer> successors, int to) {
        if (!successors.contains(to)) {
            successors.add(to);
        }
    }

    List<Integer> normalSuccessors(int from) {
        return normal.get(from);
    }

    /** Handlers that an exception raised by the instruction reaches, with the locals as they were before it. */
    List<Integer> exceptionalSuccessors(int from) {
        return exceptional.get(from);
    }

    int size() {
        return normal.size();
    }
}
