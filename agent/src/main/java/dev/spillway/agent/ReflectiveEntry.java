package dev.spillway.agent;

import java.lang.instrument.Instrumentation;

/**
 * What {@link SpillwayAgent} calls by reflection once it knows the JVM is new enough.
 *
 * <p>A class of its own, named by no source, because the build marks its methods varargs (see
 * {@code src/build/NativeReflectionEntryPoints.java}): that makes the reflective call take the native accessor and
 * spin no method-handle classes before {@code main}, and javac refuses to read a class file with such a method, so
 * no class that other code compiles against may carry one.
 */
final class ReflectiveEntry {
    private ReflectiveEntry() {}

    /** {@link AgentBootstrap#start}. */
    public static void start(String arguments, Instrumentation instrumentation) {
        AgentBootstrap.start(arguments, instrumentation);
    }

    /** {@link AgentBootstrap#attach}. */
    public static void attach(String arguments, Instrumentation instrumentation) {
        AgentBootstrap.attach(arguments, instrumentation);
    }
}
