package dev.spillway.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spillway.agent.analysis.corpus.Whitelisted;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The site census")
class SiteCensusTest {

    @Test
    void countsArrayAndBufferSitesAndTheReasonsTheyAreKept() throws IOException {
        String name = Whitelisted.class.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = Whitelisted.class.getClassLoader().getResourceAsStream(name + ".class")) {
            bytes = in.readAllBytes();
        }
        SiteCensus.Census census = SiteCensus.run("corpus", Map.of(name, bytes), Map.of(), EscapeAnalyzer.DEFAULT_DEPTH);
        assertEquals(1, census.classes());
        assertEquals(18, census.byteArraySites());
        assertEquals(17, census.byteArrayRedirected());
        assertEquals(Map.of(KeepReason.ESCAPES_CALL, 1), census.byteArrayKeeps());
        assertEquals(4, census.bufferSites());
        assertEquals(4, census.bufferRedirected());
    }
}
