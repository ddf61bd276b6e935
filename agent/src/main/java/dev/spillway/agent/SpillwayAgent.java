package dev.spillway.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent jar's entry points: {@code premain} for {@code -javaagent}, {@code agentmain} for attach, and
 * {@code main} for the {@code attach}/{@code detach}/{@code list} commands.
 *
 * <p>This class is compiled for Java 8 and touches nothing newer, so that any JVM can load it: on a JVM
 * older than 25 it prints one line saying what it needs and lets the application run uninstrumented. The
 * real work is reached by reflection only after the version check.
 */
public final class SpillwayAgent {
    /** The Java feature version the agent needs. */
    public static final int REQUIRED_JAVA = 25;

    private SpillwayAgent() {}

    /** Entry point of {@code -javaagent:spillway-agent.jar=OPTIONS}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        start("start", arguments, instrumentation);
    }

    /** Entry point of a dynamic attach; {@code arguments} are options, or {@code detach}. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start("attach", arguments, instrumentation);
    }

    /** {@code java -jar spillway-agent.jar attach|detach|list ...}. */
    public static void main(String[] arguments) throws Exception {
        if (javaFeatureVersion() < REQUIRED_JAVA) {
            System.err.println("error: spillway-agent needs Java " + REQUIRED_JAVA + " or newer; this is Java "
                    + System.getProperty("java.specification.version"));
            System.exit(2);
        }
        Method main = Class.forName("dev.spillway.agent.attach.AttachCommand").getMethod("main", String[].class);
        main.invoke(null, (Object) arguments);
    }

    private static void start(String how, String arguments, Instrumentation instrumentation) {
        if (javaFeatureVersion() < REQUIRED_JAVA) {
            System.err.println("spillway: the agent needs Java " + REQUIRED_JAVA + " or newer and this JVM is Java "
                    + System.getProperty("java.specification.version") + "; the application runs without it");
            return;
        }
        try {
            Class.forName("dev.spillway.agent.ReflectiveEntry")
                    .getDeclaredMethod(how, String.class, Instrumentation.class)
                    .invoke(null, arguments, instrumentation);
        } catch (InvocationTargetException e) {
            System.err.println("spillway: error: the agent could not start (" + e.getCause()
                    + "); the application runs without it");
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("spillway: error: the agent jar is incomplete (" + e
                    + "); the application runs without it");
        }
    }

    static int javaFeatureVersion() {
        String version = System.getProperty("java.specification.version", "0");
        if (version.startsWith("1.")) {
            version = version.substring(2);
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
