package dev.spillway.agent.sites;

import java.util.Objects;

/**
 * One allocation instruction in one method of one class, identified as in docs/EVENTS.md.
 *
 * @param className binary name with dots
 * @param methodName as in bytecode, including {@code <init>} and {@code <clinit>}
 * @param descriptor the method's JVM descriptor
 * @param bci bytecode index of the instruction in the original class file
 * @param line source line, -1 when the class has no line table
 * @param kind what the instruction allocates
 */
public record Site(String className, String methodName, String descriptor, int bci, int line, SiteKind kind) {

    public Site {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(kind, "kind");
        if (bci < 0 || line < -1) {
            throw new IllegalArgumentException("bci must be >= 0 and line >= -1: " + bci + ", " + line);
        }
    }

    /** The stable id: {@code className#methodName descriptor@bci} without the blank, e.g. {@code a.B#m(I)V@17}. */
    public String id() {
        return className + '#' + methodName + descriptor + '@' + bci;
    }
}
