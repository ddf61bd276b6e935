package dev.spillway.benchmarks.agent;

/** The trivial application of {@link StartupComparison}: it says it reached {@code main}, then allocates a little. */
public final class TinyApp {
    private TinyApp() {}

    public static void main(String[] args) {
        System.out.println("main");
        System.out.flush();
        long sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += buffer(1024 + i).length;
        }
        System.out.println(sum);
    }

    static byte[] buffer(int size) {
        return new byte[size];
    }
}
