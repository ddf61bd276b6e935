/**
 * The allocator's JFR events, named and shaped exactly as {@code docs/EVENTS.md} says; the event classes are
 * package-private and {@link dev.spillway.allocator.jfr.AllocatorEvents} is the only way in.
 */
package dev.spillway.allocator.jfr;
