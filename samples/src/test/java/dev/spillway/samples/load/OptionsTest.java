package dev.spillway.samples.load;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    private static final LoadSpec DEFAULTS = new LoadSpec(10, 2, 1, 100, 200);

    @Nested
    class Sizes {

        @ParameterizedTest(name = "{0} is {1} bytes")
        @CsvSource({"65536, 65536", "64k, 65536", "8m, 8388608", "8M, 8388608", "1g, 1073741824", "0, 0"})
        void accept_plain_numbers_and_binary_suffixes(String text, int bytes) {
            assertEquals(bytes, Options.parseSize("--size", text));
        }

        @ParameterizedTest(name = "{0} is refused")
        @CsvSource({"lots", "-1", "4g", "12x"})
        void refuse_what_is_not_a_size_that_fits_an_array(String text) {
            assertThrows(IllegalArgumentException.class, () -> Options.parseSize("--size", text));
        }
    }

    @Nested
    class LoadOptions {

        @Test
        void override_the_defaults_in_both_spellings() {
            Options options = Options.parse(new String[] {"--operations", "50", "--max-size=1m"}, Options.LOAD, Set.of());
            assertEquals(new LoadSpec(50, 2, 1, 100, 1 << 20), options.loadSpec(DEFAULTS));
        }

        @Test
        void keep_the_defaults_when_absent() {
            assertEquals(DEFAULTS, Options.parse(new String[0], Options.LOAD, Set.of()).loadSpec(DEFAULTS));
        }

        @Test
        void refuse_a_spec_that_cannot_run() {
            Options options = Options.parse(new String[] {"--concurrency", "0"}, Options.LOAD, Set.of());
            assertThrows(IllegalArgumentException.class, () -> options.loadSpec(DEFAULTS));
        }
    }

    @Test
    void an_unknown_option_is_refused_with_the_known_ones_named() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--operatoins", "5"}, Options.LOAD, Set.of()));
        assertTrue(e.getMessage().contains("--operatoins"));
        assertTrue(e.getMessage().contains("--operations"));
    }

    @Test
    void a_valued_option_at_the_end_without_its_value_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--seed"}, Options.LOAD, Set.of()));
    }

    @Test
    void flags_take_no_value() {
        Options options = Options.parse(new String[] {"--quick"}, Set.of(), Set.of("quick"));
        assertTrue(options.flag("quick"));
        assertFalse(Options.parse(new String[0], Set.of(), Set.of("quick")).flag("quick"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--quick=yes"}, Set.of(), Set.of("quick")));
    }

    @Test
    void choices_map_to_enum_constants_case_insensitively() {
        Options options = Options.parse(new String[] {"--unit", "Milliseconds"}, Set.of("unit"), Set.of());
        assertEquals(TimeUnit.MILLISECONDS, options.choice("unit", TimeUnit.class, TimeUnit.SECONDS));
        Options wrong = Options.parse(new String[] {"--unit", "fortnights"}, Set.of("unit"), Set.of());
        assertThrows(IllegalArgumentException.class, () -> wrong.choice("unit", TimeUnit.class, TimeUnit.SECONDS));
    }
}
