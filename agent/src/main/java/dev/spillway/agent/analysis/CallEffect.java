package dev.spillway.agent.analysis;

/**
 * What one call instruction does with each value it is given (receiver first).
 *
 * @param escapes       per argument, how it escapes through this call, or null when it does not
 * @param returned      per argument, whether the call may return it (or a view of the same memory)
 * @param arrayAccessed per argument, whether the callee may take its {@code array()}
 */
record CallEffect(Verdict.Keep[] escapes, boolean[] returned, boolean[] arrayAccessed) {

    static CallEffect of(MethodSummary summary) {
        return new CallEffect(summary.escapes(), summary.returned(), summary.arrayAccessed());
    }

    static CallEffect allEscape(int arguments, Verdict.Keep why) {
        return CallEffect.of(MethodSummary.everythingEscapes(arguments, why, true));
    }
}
