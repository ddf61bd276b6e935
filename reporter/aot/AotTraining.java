import java.util.ArrayList;
import java.util.List;

/**
 * The workload that the root {@code ./spillway} script records once per build of the CLI jar, so that it can report
 * that recording in the training run of its JDK 25 AOT cache. Run as a source file, with G1 and 1 MiB regions:
 * arrays of half a region and more are humongous and start collections of their own, smaller large arrays and
 * a stream of small ones fill the young generation, and a few arrays live long enough to be promoted. The
 * recording then has what a real one has (collections of several causes, heap summaries, allocation samples,
 * outside-TLAB allocations), and the training run takes the CLI through the same code as a real report.
 *
 * <p>Argument: milliseconds to run.
 */
public class AotTraining {
    static volatile Object sink;

    public static void main(String[] args) {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        List<byte[]> kept = new ArrayList<>();
        for (int round = 0; System.nanoTime() < end; round++) {
            sink = new byte[700 * 1024];
            for (int i = 0; i < 4; i++) {
                sink = new byte[96 * 1024];
            }
            for (int i = 0; i < 200; i++) {
                sink = new byte[512 + i];
            }
            if (round % 16 == 0) {
                kept.add(new byte[32 * 1024]);
                if (kept.size() > 300) {
                    kept.clear();
                }
            }
        }
        sink = kept;
    }
}
