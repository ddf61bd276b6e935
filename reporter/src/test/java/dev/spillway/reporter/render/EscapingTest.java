package dev.spillway.reporter.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.TestRecordings;

/** Text from a recording is data, never markup: the G1 workload names a thread {@code <script>alert(1)</script>}. */
@DisplayName("Text taken from a recording")
class EscapingTest {
    static Stream<Arguments> jsonStrings() {
        return Stream.of(
                Arguments.of("</script>", "\"\\u003c/script\\u003e\""),
                Arguments.of("a&b", "\"a\\u0026b\""),
                Arguments.of("line\nbreak", "\"line\\nbreak\""),
                Arguments.of("quote\"", "\"quote\\\"\""),
                Arguments.of("back\\slash", "\"back\\\\slash\""),
                Arguments.of("bell\u0007", "\"bell\\u0007\""));
    }

    private static final String THREAD = "<script>alert(1)</script>";
    private static String html;

    @BeforeAll
    static void render() {
        html = Reports.html(TestRecordings.report(TestRecordings.g1()));
    }

    @Nested
    @DisplayName("in the HTML report")
    class InHtml {
        @Test
        void showsAMarkupThreadNameAsText() {
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assertFalse(html.contains(THREAD));
        }

        @Test
        void keepsOnlyTheReportsOwnScriptBlocks() {
            Matcher m = Pattern.compile("<script[ >]").matcher(html);
            int count = 0;
            while (m.find()) {
                count++;
            }
            assertEquals(4, count, "error hook, chart library, data, report script");
        }

        @Test
        void cannotCloseTheInlineDataBlockEarly() {
            int start = html.indexOf("<script type=\"application/json\" id=\"spillway-data\">");
            int end = html.indexOf("</script>", start);
            String data = html.substring(start, end);
            assertTrue(data.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
        }
    }

    @Nested
    @DisplayName("by the escaping functions")
    class Functions {
        @ParameterizedTest(name = "Html.escape({0}) is {1}")
        @CsvSource(delimiter = '|', value = {
                "<b>|&lt;b&gt;",
                "a & b|a &amp; b",
                "\"quoted\"|&quot;quoted&quot;",
                "it's|it&#39;s",
                "plain|plain"})
        void htmlEscapesMarkupCharacters(String text, String escaped) {
            assertEquals(escaped, Html.escape(text));
        }

        @ParameterizedTest(name = "JSON string {0} is written as {1}")
        @MethodSource("dev.spillway.reporter.render.EscapingTest#jsonStrings")
        void jsonEscapesWhatCouldEndAScriptBlock(String text, String json) {
            assertEquals(json, new JsonWriter().value(text).toString());
        }

        @Test
        void jsonEscapesTheLineSeparatorsJavaScriptTreatsAsNewlines() {
            assertEquals("\"\\u2028\\u2029\"", new JsonWriter().value("\u2028\u2029").toString());
        }
    }
}
