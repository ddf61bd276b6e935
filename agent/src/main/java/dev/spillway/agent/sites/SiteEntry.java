package dev.spillway.agent.sites;

/**
 * A registered site.
 *
 * @param index the site's number in its registry, the constant compiled into the rewritten instruction
 * @param site its identity
 * @param decision its verdict, reason and detail
 * @param counters its cumulative counters
 */
public record SiteEntry(int index, Site site, SiteDecision decision, SiteCounters counters) {}
