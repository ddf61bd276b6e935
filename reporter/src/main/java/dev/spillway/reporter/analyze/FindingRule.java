package dev.spillway.reporter.analyze;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.spillway.reporter.analyze.Report.Finding;
import dev.spillway.reporter.analyze.Report.Severity;
import dev.spillway.reporter.analyze.Report.SiteRow;

/**
 * The rules that turn a report's numbers into plain advice. Each rule looks at the report and says something or
 * nothing; thresholds are documented with the rules in docs/REPORT.md.
 */
public enum FindingRule {
    HUMONGOUS_COLLECTIONS {
        @Override
        Optional<Finding> apply(Report r) {
            Report.Gc gc = r.gc();
            if (gc.humongousCollections() == 0 || gc.humongousPauseShare() < 0.10) {
                return Optional.empty();
            }
            String title = Units.percent(gc.humongousPauseShare()) + " of GC pause time came from collections caused by humongous allocations";
            StringBuilder advice = new StringBuilder()
                    .append(gc.humongousCollections()).append(" of ").append(gc.collections())
                    .append(" collections (").append(Units.nanos(gc.humongousPauseNanos()))
                    .append(" of pauses) had the cause \"G1 Humongous Allocation\". ");
            long region = r.recording().regionSize();
            List<SiteRow> humongous = r.sites().rows().stream()
                    .filter(s -> Boolean.TRUE.equals(s.humongous()) && (s.verdict() == null || !s.verdict().redirected()))
                    .toList();
            if (!humongous.isEmpty()) {
                advice.append(humongous.size()).append(humongous.size() == 1 ? " site allocates" : " sites allocate")
                        .append(" arrays of half a region (").append(Units.bytes(region / 2.0)).append(") or more: ")
                        .append(names(humongous, 3)).append(". Designate ")
                        .append(humongous.size() == 1 ? "its class" : "their classes")
                        .append(" (--designate '").append(designatePatterns(humongous)).append("') so the agent can redirect them");
                long largest = humongous.stream().mapToLong(SiteRow::maxSize).max().orElse(-1);
                long suggested = largest > 0 ? regionSizeAbove(largest) : 0;
                if (suggested > 0 && suggested <= MAX_REGION_SIZE) {
                    advice.append(", or set -XX:G1HeapRegionSize=").append(Units.flagSize(suggested))
                            .append(" so that arrays up to ").append(Units.bytes(largest)).append(" are no longer humongous");
                }
                advice.append('.');
            } else if ("samples".equals(r.sites().source())) {
                advice.append("The recording's allocation samples do not carry array sizes, so the humongous sites cannot be named; "
                        + "record with `spillway run` (or enable jdk.ObjectAllocationOutsideTLAB) to see them.");
            }
            return Optional.of(new Finding(name(), Severity.WARNING, title, advice.toString().trim()));
        }
    },
    GC_OVERHEAD {
        @Override
        Optional<Finding> apply(Report r) {
            double share = r.gc().pauseShareOfWallTime();
            if (share < 0.05) {
                return Optional.empty();
            }
            return Optional.of(new Finding(name(), share >= 0.10 ? Severity.WARNING : Severity.ADVICE,
                    "GC pauses took " + Units.percent(share) + " of the recording's wall time",
                    Units.nanos(r.gc().totalPauseNanos()) + " of pauses in " + Units.nanos(r.recording().durationNanos())
                            + " over " + r.gc().collections() + " collections; the application's threads were stopped for that long."));
        }
    },
    LONG_PAUSES {
        @Override
        Optional<Finding> apply(Report r) {
            Report.Gc gc = r.gc();
            if (gc.p99PauseNanos() < 100_000_000L) {
                return Optional.empty();
            }
            String worst = gc.byCause().stream().max(Comparator.comparingLong(Report.Group::maxPauseNanos))
                    .map(Report.Group::name).orElse("(unknown)");
            return Optional.of(new Finding(name(), Severity.ADVICE,
                    "1% of collections paused for " + Units.nanos(gc.p99PauseNanos()) + " or longer",
                    "The longest pause was " + Units.nanos(gc.maxPauseNanos()) + " (cause \"" + worst + "\"); the median "
                            + Units.nanos(gc.p50PauseNanos()) + "."));
        }
    },
    TOP_SITE_GC_SHARE {
        @Override
        Optional<Finding> apply(Report r) {
            Optional<SiteRow> top = r.sites().rows().stream().max(Comparator.comparingLong(SiteRow::attributedPauseNanos));
            if (top.isEmpty() || top.get().gcShare() < 0.10) {
                return Optional.empty();
            }
            SiteRow s = top.get();
            String size = s.maxSize() > 0 ? " in arrays of up to " + Units.bytes(s.maxSize()) : "";
            String count = s.allocations() > 0 ? s.allocations() + " allocations, " : "";
            return Optional.of(new Finding(name(), Severity.ADVICE,
                    s.shortName() + " accounts for " + Units.percent(s.gcShare()) + " of GC pause time",
                    "By the attribution model, " + Units.nanos(s.attributedPauseNanos()) + " of pauses go to this site ("
                            + count + Units.bytes(s.bytes()) + size + "). "
                            + (s.verdict() != null && s.verdict().redirected() ? "It is already redirected."
                            : "Designate " + s.className() + " or move the buffer to the allocator's API.")));
        }
    },
    REDIRECT_COVERAGE {
        @Override
        Optional<Finding> apply(Report r) {
            Report.Agent agent = r.agent();
            if (agent == null || !"redirect".equals(agent.mode()) || agent.coverage().largeBytes() == 0) {
                return Optional.empty();
            }
            Report.Coverage c = agent.coverage();
            List<SiteRow> kept = r.sites().rows().stream()
                    .filter(s -> s.verdict() != null && !s.verdict().redirected())
                    .sorted(Comparator.comparingLong((SiteRow s) -> s.verdict().largeBytes()).reversed())
                    .limit(3).toList();
            String title = Units.percent(c.ratio()) + " of large byte-array bytes were redirected";
            String advice = Units.bytes(c.redirectedBytes()) + " of " + Units.bytes(c.largeBytes()) + " went to the allocator or recycler.";
            if (!kept.isEmpty()) {
                advice += " Kept: " + kept.stream().map(s -> s.shortName() + " (" + s.verdict().reason()
                        + (s.verdict().detail() != null ? ": " + s.verdict().detail() : "") + ", "
                        + Units.bytes(s.verdict().largeBytes()) + ")").collect(Collectors.joining("; ")) + ".";
            }
            return Optional.of(new Finding(name(), c.ratio() < 0.5 ? Severity.ADVICE : Severity.INFO, title, advice));
        }
    },
    WOULD_REDIRECT {
        @Override
        Optional<Finding> apply(Report r) {
            Report.Agent agent = r.agent();
            if (agent == null || !"profile".equals(agent.mode())) {
                return Optional.empty();
            }
            List<SiteRow> local = r.sites().rows().stream()
                    .filter(s -> s.verdict() != null && "provably-local".equals(s.verdict().reason())).toList();
            if (local.isEmpty()) {
                return Optional.empty();
            }
            long bytes = local.stream().mapToLong(s -> s.verdict().largeBytes()).sum();
            return Optional.of(new Finding(name(), Severity.ADVICE,
                    local.size() + (local.size() == 1 ? " site is" : " sites are") + " provably local and would be redirected with --mode redirect",
                    names(local, 3) + " allocated " + Units.bytes(bytes) + " of large arrays."));
        }
    },
    ESCAPES_OBSERVED {
        @Override
        Optional<Finding> apply(Report r) {
            if (r.agent() == null || r.agent().escapes() == 0) {
                return Optional.empty();
            }
            List<SiteRow> sites = r.sites().rows().stream().filter(s -> s.escapes() > 0).toList();
            return Optional.of(new Finding(name(), Severity.WARNING,
                    "verify saw " + r.agent().escapes() + " redirected " + (r.agent().escapes() == 1 ? "buffer" : "buffers") + " escape",
                    "The agent stopped redirecting " + names(sites, 3) + "; report the site: the analysis should have kept it."));
        }
    },
    ALLOCATOR_NEAR_LIMIT {
        @Override
        Optional<Finding> apply(Report r) {
            return r.offHeap().allocators().stream()
                    .filter(a -> a.limitBytes() > 0 && a.peakUsedBytes() >= 0.9 * a.limitBytes())
                    .findFirst()
                    .map(a -> new Finding(name(), Severity.WARNING,
                            "Allocator " + a.name() + " reached " + Units.percent((double) a.peakUsedBytes() / a.limitBytes()) + " of its limit",
                            "Peak " + Units.bytes(a.peakUsedBytes()) + " of " + Units.bytes(a.limitBytes())
                                    + "; at the limit, redirected sites fall back to plain allocations."));
        }
    },
    RECYCLER_MISSES {
        @Override
        Optional<Finding> apply(Report r) {
            return r.offHeap().recyclers().stream()
                    .filter(c -> c.borrows() >= 100 && c.hitRatio() < 0.5)
                    .findFirst()
                    .map(c -> new Finding(name(), Severity.ADVICE,
                            "Recycler " + c.name() + " served only " + Units.percent(c.hitRatio()) + " of borrows from its pool",
                            c.misses() + " of " + c.borrows() + " borrows allocated a new array; " + c.discards()
                                    + " returns were discarded at its bound of " + Units.bytes(c.limitBytes()) + ". Raise the bound."));
        }
    },
    ALLOCATION_STALLS {
        @Override
        Optional<Finding> apply(Report r) {
            if (r.gc().allocationStalls() == 0) {
                return Optional.empty();
            }
            return Optional.of(new Finding(name(), Severity.WARNING,
                    r.gc().allocationStalls() + " allocation stalls: threads waited for ZGC to free memory",
                    "They waited " + Units.nanos(r.gc().allocationStallNanos()) + " in total; the heap is too small for the allocation rate ("
                            + Units.rate(r.allocation().bytesPerSecond()) + ")."));
        }
    },
    SAMPLED_SITES {
        @Override
        Optional<Finding> apply(Report r) {
            if (!"samples".equals(r.sites().source())) {
                return Optional.empty();
            }
            return Optional.of(new Finding(name(), Severity.INFO,
                    "Sites come from allocation samples: array sizes are unknown",
                    "jdk.ObjectAllocationSample says how many bytes a sample stands for, not how large the array was, so no site is marked "
                            + "humongous. Record with `spillway run` (the agent, or jdk.ObjectAllocationOutsideTLAB) for sizes."));
        }
    },
    NO_ALLOCATION_DATA {
        @Override
        Optional<Finding> apply(Report r) {
            if (!"none".equals(r.sites().source())) {
                return Optional.empty();
            }
            return Optional.of(new Finding(name(), Severity.INFO,
                    "The recording has no byte-array allocation data",
                    "Without jdk.ObjectAllocationSample, jdk.ObjectAllocationOutsideTLAB or the agent's events, GC cannot be attributed "
                            + "to sites. Record with `spillway run`, or with -XX:StartFlightRecording:settings=profile."));
        }
    };

    /** Largest region size HotSpot accepts (JDK 18 and later; JDK 17 stops at 32 MiB). */
    static final long MAX_REGION_SIZE = 512L * 1024 * 1024;

    abstract Optional<Finding> apply(Report report);

    /** The findings, most severe first, in rule order within a severity. */
    public static List<Finding> evaluate(Report report) {
        List<Finding> findings = new ArrayList<>();
        for (FindingRule rule : values()) {
            rule.apply(report).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparing(Finding::severity));
        return List.copyOf(findings);
    }

    /** The smallest power-of-two region size in which an object of {@code objectSize} bytes is not humongous. */
    static long regionSizeAbove(long objectSize) {
        long region = Long.highestOneBit(Math.max(1, objectSize)) << 1;
        while (objectSize >= region / 2) {
            region <<= 1;
        }
        return Math.max(region, 1024L * 1024);
    }

    private static String names(List<SiteRow> sites, int limit) {
        String listed = sites.stream().limit(limit).map(SiteRow::shortName).collect(Collectors.joining(", "));
        return sites.size() > limit ? listed + " and " + (sites.size() - limit) + " more" : listed;
    }

    private static String designatePatterns(List<SiteRow> sites) {
        Set<String> classes = new LinkedHashSet<>();
        for (SiteRow s : sites) {
            int nested = s.className().indexOf('$');
            classes.add(nested > 0 ? s.className().substring(0, nested) + "*" : s.className());
        }
        return String.join(";", classes);
    }
}
