package dev.spillway.reporter.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.spillway.reporter.Reports;
import dev.spillway.reporter.TestRecordings;
import dev.spillway.reporter.compare.Comparison;

/**
 * Opens the reports in headless Chromium, as a person would. Fails when Chromium is missing, unless the
 * system property {@code spillway.test.skipBrowser=true} says to skip (documented in docs/REPORT.md).
 * Screenshots are kept under {@code target/browser/}.
 */
@DisplayName("In a real browser")
class BrowserTest {
    private static final Path OUT = Path.of("target", "browser").toAbsolutePath();
    private static final Pattern CHART = Pattern.compile("<div id=\"(chart-[a-z]+)\" class=\"chart[^\"]*\"([^>]*)>(.*?)</div>", Pattern.DOTALL);
    private static String chromium;

    @BeforeAll
    static void findChromium() throws IOException {
        if (Boolean.getBoolean("spillway.test.skipBrowser")) {
            Assumptions.abort("spillway.test.skipBrowser=true");
        }
        for (String candidate : List.of(System.getProperty("spillway.test.chromium", ""), "/usr/bin/chromium",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (!candidate.isEmpty() && Files.isExecutable(Path.of(candidate))) {
                chromium = candidate;
                break;
            }
        }
        if (chromium == null) {
            throw new IllegalStateException("Chromium is missing: install it (apt-get install chromium), set "
                    + "-Dspillway.test.chromium=/path/to/chromium, or skip with -Dspillway.test.skipBrowser=true");
        }
        Files.createDirectories(OUT);
    }

    private static String run(String name, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(OUT, "profile-");
        List<String> argv = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
        argv.addAll(extra);
        Path stdout = OUT.resolve(name + ".out");
        Process p = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(OUT.resolve(name + ".err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish with " + name);
        }
        return Files.readString(stdout);
    }

    private static String open(String name, String html) throws IOException, InterruptedException {
        Path page = OUT.resolve(name + ".html");
        Files.writeString(page, html);
        run(name + "-screenshot", List.of("--window-size=1300,3400", "--screenshot=" + OUT.resolve(name + ".png"), page.toUri().toString()));
        return run(name + "-dom", List.of("--dump-dom", page.toUri().toString()));
    }

    private static void assertRendered(String dom, int expectedCharts) {
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertTrue(body.find(), "no body in the DOM");
        assertFalse(body.group(1).contains("data-error"), () -> "JavaScript error: " + body.group(1));
        assertTrue(body.group(1).contains("data-status=\"ok\""), () -> "the report script did not finish: " + body.group(1));
        Matcher chart = CHART.matcher(dom);
        int charts = 0;
        while (chart.find()) {
            charts++;
            assertTrue(chart.group(2).contains("data-rendered=\"true\""), "chart " + chart.group(1) + " was not drawn");
            assertTrue(chart.group(3).contains("<canvas"), "chart " + chart.group(1) + " has no canvas");
        }
        assertEquals(expectedCharts, charts);
    }

    @Nested
    @DisplayName("the report of a G1 recording")
    class G1Report {
        @Test
        void drawsEveryChartWithoutAScriptError() throws Exception {
            String dom = open("g1-report", Reports.html(TestRecordings.report(TestRecordings.g1())));
            assertRendered(dom, 4);
        }

        @Test
        void showsTheMarkupThreadNameAsText() throws Exception {
            String dom = open("g1-report-text", Reports.html(TestRecordings.report(TestRecordings.g1())));
            assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assertFalse(dom.contains("<script>alert(1)</script>"));
        }
    }

    @Nested
    @DisplayName("the report of the agent's events")
    class AgentReport {
        @Test
        void drawsEveryChartWithoutAScriptError() throws Exception {
            assertRendered(open("agent-report", Reports.html(TestRecordings.report(TestRecordings.fakeAgent()))), 4);
        }
    }

    @Nested
    @DisplayName("a comparison")
    class ComparisonPage {
        @Test
        void drawsEveryOverlaidChartWithoutAScriptError() throws Exception {
            Comparison comparison = Reports.compareReports(List.of(
                    new Comparison.RunResult("baseline", TestRecordings.report(TestRecordings.g1()), List.of()),
                    new Comparison.RunResult("agent", TestRecordings.report(TestRecordings.fakeAgent()), List.of()),
                    new Comparison.RunResult("ZGC", TestRecordings.report(TestRecordings.zgc()), List.of())));
            assertRendered(open("comparison", Reports.html(comparison)), 4);
        }
    }
}
