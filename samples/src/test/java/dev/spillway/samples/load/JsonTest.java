package dev.spillway.samples.load;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Nested
    @DisplayName("round trips")
    class RoundTrips {

        @Test
        void nested_objects_arrays_and_scalars_in_both_forms() {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("G1 Humongous Allocation", 12L);
            inner.put("ratio", 0.25);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("name", "relay \"g1\"\n\tbaseline\\");
            value.put("agent", false);
            value.put("missing", null);
            value.put("causes", inner);
            value.put("runs", List.of(1L, -2L, List.of(), Map.of()));

            assertEquals(value, Json.parse(Json.write(value)));
            assertEquals(value, Json.parse(Json.writePretty(value)));
        }

        @Test
        void control_characters_and_unicode_escapes() {
            assertEquals("a\u0001b\u00e9", Json.parse(Json.write("a\u0001b\u00e9")));
            assertEquals("\u00e9", Json.parse("\"\\u00e9\""));
        }
    }

    @Test
    void numbers_read_as_longs_when_integral_and_doubles_otherwise() {
        assertEquals(List.of(3L, 3.5, -1.0E-5, 12345678901L), Json.parse("[3, 3.5, -1e-5, 12345678901]"));
    }

    @Test
    void non_finite_doubles_are_written_as_null() {
        assertEquals("[null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"{", "{\"a\" 1}", "[1,]", "\"open", "tru", "{} x", "{1:2}", "-"})
    void malformed_text_is_rejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    }

    @Test
    void parse_object_rejects_a_non_object() {
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }
}
