package dev.spillway.agent.rewrite;

import static dev.spillway.agent.rewrite.RedirectHarness.settings;

import dev.spillway.agent.verify.EscapeChecker;

/**
 * Run by {@link RedirectVerifyConcurrentTest} in a JVM of its own with G1 and
 * {@code -XX:+ExplicitGCInvokesConcurrent}, where each {@code System.gc()} is one young collection (the
 * concurrent start) followed by one complete concurrent cycle, and returns when the cycle is over. It checks after
 * every collection, as the checker's thread would, and prints the escapes reported after each step.
 */
final class ConcurrentCyclesApp {
    private static final int SIZE = 128 * 1024;

    private ConcurrentCyclesApp() {}

    public static void main(String[] args) throws Throwable {
        try (RedirectHarness harness = new RedirectHarness(settings(64L << 20, 64L << 20, true),
                decider -> decider.forcingRedirectOf(site -> site.methodName().equals("escapeToField")))) {
            EscapeChecker checker = harness.allocator.checker();
            // Twenty young collections while the method holds its array: it is old when released.
            harness.call("Held", "acrossCollections", SIZE, 20);
            collect(checker, 2);
            System.out.println("local, 2 cycles after its release: " + checker.escapes());
            collect(checker, 30);
            System.out.println("local, 32 cycles after its release: " + checker.escapes());
            harness.call("Shapes", "escapeToField", SIZE);
            collect(checker, 30);
            System.out.println("escaped, 30 cycles after its release: " + checker.escapes());
            System.out.println("still watched: " + checker.watching());
        }
    }

    private static void collect(EscapeChecker checker, int cycles) {
        for (int i = 0; i < cycles; i++) {
            System.gc();
            checker.check();
        }
    }
}
