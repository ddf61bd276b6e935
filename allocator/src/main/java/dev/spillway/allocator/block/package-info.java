/**
 * Fixed-size blocks that grow and shrink with demand, after Smriti: {@link dev.spillway.allocator.block.BlockPool}.
 */
package dev.spillway.allocator.block;
