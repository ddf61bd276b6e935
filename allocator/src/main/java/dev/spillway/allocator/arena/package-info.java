/**
 * Go-style arenas: {@link dev.spillway.allocator.arena.ScopedArena} (bump allocation, everything freed at once
 * on close, use after close throws) and {@link dev.spillway.allocator.arena.ArenaPool} (a bounded set of
 * fixed-size arenas, after goumem).
 */
package dev.spillway.allocator.arena;
