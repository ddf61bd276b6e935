package dev.spillway.benchmarks.agent;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Stands in front of an application's {@code main} for {@link StartupComparison}: prints {@code main}, the line
 * the comparison times, then calls the application's {@code main} with the remaining arguments. The
 * application's own classes, designated or not, load after the line.
 */
public final class MainMarker {
    private MainMarker() {}

    public static void main(String[] args) throws Throwable {
        System.out.println("main");
        System.out.flush();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
