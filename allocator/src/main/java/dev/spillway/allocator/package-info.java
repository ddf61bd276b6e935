/**
 * Spillway's off-heap allocator, built on {@code java.lang.foreign} alone.
 *
 * <p>Capabilities live in their own packages: {@link dev.spillway.allocator.pool} (size-classed pool),
 * {@link dev.spillway.allocator.arena} (scoped arenas and arena pools), {@link dev.spillway.allocator.block}
 * (fixed-size block pool), {@link dev.spillway.allocator.buffer} (growable entry buffer),
 * {@link dev.spillway.allocator.recycle} (heap {@code byte[]} recycler), {@link dev.spillway.allocator.backing}
 * (where memory comes from) and {@link dev.spillway.allocator.metrics} (Micrometer binders). This package holds
 * what they share: the off-heap budget, the read-only statistics and the leak report.
 *
 * <p>Restricted FFM methods are used ({@code mmap} downcalls, {@code MemorySegment.reinterpret}); run with
 * {@code --enable-native-access=ALL-UNNAMED} (or the module's name) to avoid the JDK's warning.
 */
package dev.spillway.allocator;
