/**
 * Micrometer {@code MeterBinder}s for the allocator's statistics. Micrometer is an optional dependency: only these
 * classes need it on the class path.
 */
package dev.spillway.allocator.metrics;
