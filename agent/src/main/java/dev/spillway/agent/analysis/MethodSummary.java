package dev.spillway.agent.analysis;

import java.util.Arrays;

/**
 * What a method may do with each of its arguments (receiver first), as its callers see it.
 *
 * @param escapes       per argument, how it may escape, or null when it cannot
 * @param returned      per argument, whether it may be the method's result
 * @param arrayAccessed per argument, whether {@code array()}/{@code arrayOffset()} may be called on it unguarded
 * @param complete      false when the depth bound cut the analysis short somewhere below; such a summary is
 *                      sound but may be improved by a deeper analysis
 */
record MethodSummary(Verdict.Keep[] escapes, boolean[] returned, boolean[] arrayAccessed, boolean complete) {

    static MethodSummary nothingEscapes(int arguments) {
        return new MethodSummary(new Verdict.Keep[arguments], new boolean[arguments], new boolean[arguments], true);
    }

    static MethodSummary everythingEscapes(int arguments, Verdict.Keep why, boolean complete) {
        Verdict.Keep[] escapes = new Verdict.Keep[arguments];
        Arrays.fill(escapes, why);
        boolean[] all = new boolean[arguments];
        Arrays.fill(all, true);
        return new MethodSummary(escapes, all, all.clone(), complete);
    }

    int arguments() {
        return escapes.length;
    }

    /** Same facts, details aside: the fixpoint over recursion compares summaries with this. */
    boolean sameFacts(MethodSummary other) {
        if (other.arguments() != arguments()) {
            return false;
        }
        for (int i = 0; i < escapes.length; i++) {
            if ((escapes[i] == null) != (other.escapes[i] == null)) {
                return false;
            }
        }
        return Arrays.equals(returned, other.returned) && Arrays.equals(arrayAccessed, other.arrayAccessed);
    }
}
