package dev.spillway.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spillway.agent.analysis.ClassResolver;
import dev.spillway.agent.analysis.EscapeAnalyzer;
import dev.spillway.agent.instrument.SitePass;
import dev.spillway.agent.instrument.TypeHierarchy;
import dev.spillway.agent.rewrite.corpus.Local;
import dev.spillway.agent.rewrite.corpus.Shapes;
import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.ClassFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Profile mode runs the analysis too: every site is PROFILED, with the reason redirect would act on. */
class RedirectProfileModeTest {

    @ParameterizedTest(name = "{0}.{1} is PROFILED {2}")
    @CsvSource({
        "Local,  sum,            provably-local",
        "Local,  directBuffer,   provably-local",
        "Shapes, escapeToField,  escapes-field",
        "Shapes, escapeByReturn, escapes-return",
        "Shapes, arrayOfBuffer,  array-accessed",
    })
    void profileModeReportsWhatRedirectWouldDo(String type, String method, String reason) {
        SiteRegistry registry = new SiteRegistry();
        EscapeAnalyzer analyzer = new EscapeAnalyzer(ClassResolver.ofClassLoader(getClass().getClassLoader()),
                name -> name.startsWith(RedirectHarness.CORPUS), EscapeAnalyzer.DEFAULT_DEPTH);
        SitePass pass = new SitePass(registry, RedirectDecider.withAnalyzer(false, analyzer), Verdict.PROFILED);
        Class<?> subject = type.equals("Local") ? Local.class : Shapes.class;
        pass.apply(ClassFiles.of(subject), TypeHierarchy.of(getClass().getClassLoader()));
        SiteEntry entry = registry.entries().stream()
                .filter(e -> e.site().methodName().equals(method)).findFirst().orElseThrow();
        assertEquals(Verdict.PROFILED, entry.decision().verdict());
        assertEquals(reason, entry.decision().reasonToken());
        if (reason.equals("provably-local")) {
            assertNull(entry.decision().detail());
        }
    }
}
