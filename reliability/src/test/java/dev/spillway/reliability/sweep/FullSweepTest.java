package dev.spillway.reliability.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.support.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole sweep: java.base and every library, every class. Profile {@code reliability-full} runs it. */
@Tag("full-run")
class FullSweepTest {
    private static final boolean REDIRECT = "redirect".equals(System.getProperty("spillway.sweep.mode", "profile"));

    /** Each library with the companions it links against (also designated, not swept). */
    static List<String> inputs() {
        Path sweep = Fixtures.lib().resolve("sweep");
        Path companions = Fixtures.lib().resolve("companions");
        return List.of("jrt:/java.base",
                sweep.resolve("commons-io.jar").toString(),
                sweep.resolve("commons-compress.jar") + "+" + sweep.resolve("commons-io.jar") + "+"
                        + sweep.resolve("commons-codec.jar") + "+" + sweep.resolve("xz.jar"),
                sweep.resolve("commons-codec.jar").toString(),
                sweep.resolve("guava.jar") + "+" + companions.resolve("failureaccess.jar"),
                sweep.resolve("jackson-core.jar").toString(),
                sweep.resolve("netty-buffer.jar") + "+" + companions.resolve("netty-common.jar"),
                sweep.resolve("postgresql.jar").toString(),
                sweep.resolve("h2.jar").toString(),
                sweep.resolve("protobuf-java.jar").toString(),
                sweep.resolve("xz.jar").toString(),
                sweep.resolve("aircompressor.jar").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void every_rewritten_class_of_the_input_verifies_and_links(String input, @TempDir Path work) throws Exception {
        Sweep.Result result = new Sweep(REDIRECT, work, List.of()).run(input);
        System.out.println(result.row());

        assertEquals(List.of(), result.failures());
        assertEquals(result.rewritten(), result.verified() + result.uncheckable(), result.row());
        if (!input.startsWith("jrt:/")) {
            assertEquals(result.rewritten(), result.linked() + result.linkedAsOriginal(), result.row());
        }
        assertTrue(result.sites() > 0, result.row());
    }
}
