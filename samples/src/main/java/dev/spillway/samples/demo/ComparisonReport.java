package dev.spillway.samples.demo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the demo's report.html from its runs and their recordings.
 *
 * <p>SEAM: the real implementation is the reporter's comparison (baseline vs agent, G1 vs ZGC,
 * correlated with allocation sites), reached through the reporter's Java API once it lands. Until
 * then {@link InterimHtmlReport} writes a page that says plainly it is not that report.
 */
interface ComparisonReport {

    void write(Path html, DemoSummary summary) throws IOException;
}
