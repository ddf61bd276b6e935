package dev.spillway.reliability.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.reliability.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream test suites from Maven Central, plain and under the agent: the same tests, with the same outcomes. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SuiteRunTest {
    private static SuiteRun.Comparison run(Path work, String suite, String packageName) throws Exception {
        SuiteRun runner = new SuiteRun(Fixtures.java(), Fixtures.agentJar(),
                Fixtures.lib().resolve("launcher/junit-platform-console-standalone.jar"), work, SuiteRun.DEFAULT_OPTIONS);
        SuiteRun.Comparison comparison = runner.run(Fixtures.lib().resolve("suites").resolve(suite), List.of(packageName));
        System.out.println(comparison.report());
        return comparison;
    }

    @Test
    void commons_codec_has_the_same_outcome_for_every_test_plain_and_under_the_agent(@TempDir Path work)
            throws Exception {
        SuiteRun.Comparison comparison = run(work, "commons-codec", "org.apache.commons.codec");

        assertEquals(List.of(), comparison.differences(), comparison.report());
        assertTrue(comparison.plain().byTest().size() > 10_000, comparison.report());
        assertTrue(comparison.sites().sites() > 0 && comparison.sites().allocations() > 0,
                "the agent found and counted the library's sites: " + comparison.report());
        assertEquals(0, comparison.sites().escapeObserved(), comparison.report());
        assertTrue(comparison.sites().redirectedSites() > 0 && comparison.sites().redirectedAllocations() > 0,
                "mode=redirect served allocations from the allocator: " + comparison.report());
    }

    @Nested
    @Tag("full-run")
    class Every_suite {

        @ParameterizedTest(name = "{0}")
        @CsvSource({"commons-io, org.apache.commons.io", "commons-compress, org.apache.commons.compress"})
        void has_the_same_outcome_for_every_test_plain_and_under_the_agent(String suite, String packageName,
                @TempDir Path work) throws Exception {
            SuiteRun.Comparison comparison = run(work, suite, packageName);

            assertEquals(List.of(), comparison.differences(), comparison.report());
            assertTrue(comparison.plain().byTest().size() > 100, comparison.report());
        }
    }

    @Nested
    class The_comparison {

        @Test
        void reports_a_test_whose_outcome_changed_and_one_that_ran_on_one_side_only() {
            SuiteRun.Outcomes plain = outcomes("A#x", "passed", "A#y", "passed");
            SuiteRun.Outcomes agent = outcomes("A#x", "failure", "A#z", "passed");

            assertEquals(List.of("A#x: passed plain, failure under the agent", "A#y: passed plain, not run under the agent",
                    "A#z: run under the agent only"), SuiteRun.differences(plain, agent));
        }

        @Test
        void reads_every_test_case_of_a_junit_xml_report_with_its_outcome(@TempDir Path dir) throws Exception {
            Path report = Files.writeString(dir.resolve("TEST-junit-jupiter.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <testsuite name="JUnit Jupiter" tests="4">
                      <testcase name="ok()" classname="A"/>
                      <testcase name="bad()" classname="A"><failure message="no"/></testcase>
                      <testcase name="broken()" classname="A"><error message="npe"/></testcase>
                      <testcase name="off()" classname="B"><skipped/></testcase>
                    </testsuite>
                    """);

            assertEquals(outcomes("A#bad()", "failure", "A#broken()", "error", "A#ok()", "passed", "B#off()", "skipped"),
                    SuiteRun.outcomes(report));
        }

        private static SuiteRun.Outcomes outcomes(String... pairs) {
            TreeMap<String, String> byTest = new TreeMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                byTest.put(pairs[i], pairs[i + 1]);
            }
            return new SuiteRun.Outcomes(byTest);
        }
    }
}
