import java.util.concurrent.ThreadLocalRandom;

/**
 * Benchmark workload: allocates byte arrays of many sizes from a few threads and call paths, forever, so that a
 * recording with bench.jfc grows by tens of MB a minute. Stop it with JFR's maxsize or by killing it.
 */
public class BenchChurn {
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(BenchChurn::loop, "churn-" + t);
            thread.start();
        }
        Thread.currentThread().join();
    }

    static void loop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int pick = random.nextInt(1000);
            if (pick < 900) {
                a(random.nextInt(8));
            } else if (pick < 950) {
                c(random.nextInt(8));
            } else if (pick < 999) {
                b(random.nextInt(8));
            } else {
                sink = new byte[600 * 1024];
            }
        }
    }

    static void a(int depth) {
        if (depth > 0) {
            a(depth - 1);
        } else {
            sink = new byte[ThreadLocalRandom.current().nextInt(16, 4096)];
        }
    }

    static void b(int depth) {
        if (depth > 0) {
            b(depth - 1);
        } else {
            sink = new byte[ThreadLocalRandom.current().nextInt(64 * 1024, 256 * 1024)];
        }
    }

    static void c(int depth) {
        if (depth > 0) {
            c(depth - 1);
        } else {
            sink = new String[ThreadLocalRandom.current().nextInt(1, 64)];
        }
    }
}
