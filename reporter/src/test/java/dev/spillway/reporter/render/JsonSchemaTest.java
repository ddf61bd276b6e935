package dev.spillway.reporter.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.compare.Comparison;

@DisplayName("The JSON output")
class JsonSchemaTest {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://spillway.dev/schema/", "classpath:dev/spillway/reporter/render/")));

    private static JsonSchema schema(String name) {
        return FACTORY.getSchema(SchemaLocation.of("https://spillway.dev/schema/" + name));
    }

    static Stream<Arguments> recordings() {
        return Stream.of(
                Arguments.of("G1 with outside-TLAB sites", (Supplier<Path>) TestRecordings::g1),
                Arguments.of("ZGC with sampled sites", (Supplier<Path>) TestRecordings::zgc),
                Arguments.of("the agent's events", (Supplier<Path>) TestRecordings::fakeAgent));
    }

    @Nested
    @DisplayName("of a report")
    class OfAReport {
        @ParameterizedTest(name = "of {0} follows report.schema.json")
        @MethodSource("dev.spillway.reporter.render.JsonSchemaTest#recordings")
        void followsTheSchema(String name, Supplier<Path> recording) {
            String json = Reports.json(TestRecordings.report(recording.get()));
            Set<ValidationMessage> errors = schema("report.schema.json").validate(json, InputFormat.JSON);
            assertEquals(Set.of(), errors);
        }

        @Test
        void thatLacksAFieldIsRejectedByTheSchema() {
            String json = Reports.json(TestRecordings.report(TestRecordings.g1())).replace("\"collections\":", "\"collectionz\":");
            assertFalse(schema("report.schema.json").validate(json, InputFormat.JSON).isEmpty());
        }
    }

    @Nested
    @DisplayName("of a comparison")
    class OfAComparison {
        @Test
        void followsComparisonSchemaJson() {
            Comparison comparison = Reports.compareReports(List.of(
                    new Comparison.RunResult("baseline", TestRecordings.report(TestRecordings.g1()), List.of()),
                    new Comparison.RunResult("agent", TestRecordings.report(TestRecordings.fakeAgent()), List.of())));
            Set<ValidationMessage> errors = schema("comparison.schema.json").validate(Reports.json(comparison), InputFormat.JSON);
            assertEquals(Set.of(), errors);
        }

        @Test
        void whoseEmbeddedReportIsBrokenIsRejectedByTheSchema() {
            Comparison comparison = Reports.compareReports(List.of(
                    new Comparison.RunResult("baseline", TestRecordings.report(TestRecordings.g1()), List.of()),
                    new Comparison.RunResult("agent", TestRecordings.report(TestRecordings.fakeAgent()), List.of())));
            String broken = Reports.json(comparison).replace("\"format\":\"spillway-report/1\"", "\"format\":\"spillway-report/0\"");
            assertFalse(schema("comparison.schema.json").validate(broken, InputFormat.JSON).isEmpty());
        }
    }
}
