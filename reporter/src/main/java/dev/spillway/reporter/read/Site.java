package dev.spillway.reporter.read;

/**
 * One allocation site: a bytecode instruction in one method. The {@link #id()} has the agent's format
 * ({@code className#methodName descriptor@bci}, docs/EVENTS.md) whether the site came from the agent's events
 * or from the top application frame of a JFR allocation sample, so the two sources join on it.
 *
 * @param kind {@code NEW_BYTE_ARRAY}, {@code HEAP_BUFFER}, {@code DIRECT_BUFFER}, or {@code null} when only a
 *             JFR sample saw the site
 */
public record Site(String id, String className, String methodName, String descriptor, int bci, int line, String kind) {

    public static Site of(String className, String methodName, String descriptor, int bci, int line, String kind) {
        return new Site(className + "#" + methodName + descriptor + "@" + bci, className, methodName, descriptor, bci, line, kind);
    }

    /** A site whose sample had no application frame (all JDK frames or no stack trace). */
    public static Site unknown() {
        return new Site("(unknown)", "(unknown)", "", "", -1, -1, null);
    }
}
