import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Test workload, launched as a source file so that JDK 17 and JDK 25 both run it: with -XX:G1HeapRegionSize=1m,
 * humongous() allocates humongous arrays (600 KiB >= half a region), large() arrays that are large but not
 * humongous, and a thread whose name is markup allocates at its own site.
 * Arguments: milliseconds to run (0 = until killed).
 */
public class Churn {
    static volatile Object sink;
    static final List<byte[]> retained = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[0]);
        long end = millis == 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        Thread markup = new Thread(() -> {
            while (System.nanoTime() < end) {
                markupBuffer();
                LockSupport.parkNanos(3_000_000L);
            }
        }, "<script>alert(1)</script>");
        markup.start();
        System.out.println("churning");
        System.out.flush();
        int i = 0;
        while (System.nanoTime() < end) {
            humongous();
            large();
            small();
            if (++i % 20 == 0) {
                retained.add(new byte[64 * 1024 - 64]);
                if (retained.size() > 200) {
                    retained.clear();
                }
            }
            LockSupport.parkNanos(1_000_000L);
        }
        markup.join();
    }

    static void humongous() {
        sink = new byte[600 * 1024];
    }

    static void large() {
        for (int i = 0; i < 4; i++) {
            sink = new byte[100 * 1024];
        }
    }

    static void small() {
        for (int i = 0; i < 100; i++) {
            sink = new byte[1000];
        }
    }

    static void markupBuffer() {
        sink = new byte[200 * 1024];
    }
}
