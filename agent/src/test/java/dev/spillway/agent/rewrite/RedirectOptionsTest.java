package dev.spillway.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.config.AgentConfig;
import dev.spillway.agent.config.ConfigLoader;
import dev.spillway.agent.config.ConfigResult;
import dev.spillway.agent.config.ConfigSources;
import dev.spillway.agent.runtime.RedirectSettings;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect runtime's options {@code offheaplimit} and {@code recyclerbudget}. */
class RedirectOptionsTest {

    private static ConfigResult load(String arguments) {
        return ConfigLoader.load(new ConfigSources(arguments, Map.of(), Map.of(), path -> {
            throw new NoSuchFileException(path.toString());
        }));
    }

    private static AgentConfig loaded(String arguments) {
        return assertInstanceOf(ConfigResult.Loaded.class, load(arguments)).config();
    }

    @Test
    void withoutTheOptionsTheOffHeapLimitIsOneGibibyteAndTheBudgetFollowsTheHeap() {
        AgentConfig config = loaded("mode=redirect");
        assertEquals(1L << 30, config.offHeapLimit());
        assertEquals(0, config.recyclerBudget());
        long expected = Math.max(1 << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4));
        assertEquals(expected, RedirectSettings.of(config.offHeapLimit(), config.recyclerBudget(), false).recyclerBudget());
    }

    @ParameterizedTest(name = "{0} is {1} and {2} bytes")
    @CsvSource({
        "'offheaplimit=512m,recyclerbudget=64m', 536870912,   67108864",
        "'offheaplimit=8g,recyclerbudget=100k',  8589934592,  102400",
        "'offheaplimit=1,recyclerbudget=1',      1,           1",
    })
    void sizesTakeTheThresholdsSuffixes(String arguments, long offHeapLimit, long recyclerBudget) {
        AgentConfig config = loaded(arguments);
        assertEquals(offHeapLimit, config.offHeapLimit());
        assertEquals(recyclerBudget, config.recyclerBudget());
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {"offheaplimit=0", "offheaplimit=-1", "recyclerbudget=0", "recyclerbudget=12q",
        "offheaplimit=9999999999g"})
    void aZeroNegativeOrMalformedSizeIsRejectedNamingTheOption(String arguments) {
        ConfigResult.Rejected rejected = assertInstanceOf(ConfigResult.Rejected.class, load(arguments));
        assertTrue(rejected.message().contains(arguments.substring(0, arguments.indexOf('='))), rejected.message());
    }
}
