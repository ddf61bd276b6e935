package dev.spillway.samples.demo;

import dev.spillway.samples.load.Options;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spillway demo [--quick] [--out DIR] [--home DIR]}: runs the samples without and with the
 * agent and on G1 and ZGC, and writes DIR/summary.json and DIR/report.html.
 *
 * <p>Exit status: 0 when the comparison is complete, 1 when a run failed or a workload's output
 * differed between runs, 2 on bad input, 3 when the demo ran but could not compare (no agent jar, or
 * an agent that does not redirect).
 *
 * <p>{@code --home} is the Spillway checkout whose {@code agent/target/spillway-agent.jar} is used;
 * it defaults to the system property {@code spillway.home}, then the environment variable
 * {@code SPILLWAY_HOME}, then the checkout this class was loaded from.
 */
public final class DemoMain {

    static final Path DEFAULT_OUT = Path.of("spillway-out", "demo");

    private DemoMain() {
    }

    public static void main(String[] args) {
        int[] status = {0};
        Options.runMain(args, a -> status[0] = run(a));
        System.exit(status[0]);
    }

    static int run(String[] args) throws IOException, InterruptedException {
        Options options = Options.parse(args, Set.of("out", "home"), Set.of("quick"));
        boolean quick = options.flag("quick");
        Path out = Path.of(options.string("out", DEFAULT_OUT.toString())).toAbsolutePath().normalize();
        Path home = home(options.string("home", null));
        boolean withBlobCache = blobCacheAvailable();
        ChildRun runner = new ChildRun(ChildRun.currentJava(), System.getProperty("java.class.path"), out, 600);
        DemoPlan plan = DemoPlan.standard(quick, withBlobCache);
        System.out.println("spillway demo: " + plan.runs().size() + " runs" + (quick ? " (quick)" : "") + ", output in " + out);
        if (!withBlobCache) {
            System.out.println("spillway demo: the blobcache workload is not built yet (it waits on the allocator's API); its runs are left out");
        }
        Demo demo = new Demo(plan, runner, AgentJar.in(home), System.out);
        return demo.run(quick).exitCode();
    }

    static Path home(String explicit) {
        String chosen = explicit != null ? explicit
                : System.getProperty("spillway.home", System.getenv("SPILLWAY_HOME"));
        if (chosen != null) {
            Path home = Path.of(chosen).toAbsolutePath().normalize();
            if (!Files.isDirectory(home)) {
                throw new IllegalArgumentException("Spillway home " + home + " is not a directory");
            }
            return home;
        }
        return loadedFrom().orElse(Path.of("").toAbsolutePath());
    }

    /** HOME when this class comes from HOME/samples/target/spillway-samples.jar or HOME/samples/target/classes. */
    private static Optional<Path> loadedFrom() {
        try {
            Path location = Path.of(DemoMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null && target.getParent().getParent() != null) {
                return Optional.of(target.getParent().getParent());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // an unusual class loader: fall back to the working directory
        }
        return Optional.empty();
    }

    private static boolean blobCacheAvailable() {
        try {
            Class.forName(Workload.BLOBCACHE.mainClass(), false, DemoMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
