package dev.spillway.allocator.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("dev.spillway.ChunkUnmapped")
@Label("Chunk Unmapped")
@Category({"Spillway", "Allocator"})
@Description("An allocator gave a chunk, or a huge allocation, back to its backing")
final class ChunkUnmappedEvent extends Event {

    @Label("Allocator")
    String allocator;

    @Label("Backing")
    String backing;

    @Label("Size")
    @DataAmount(DataAmount.BYTES)
    long size;

    @Label("Huge")
    @Description("A huge allocation mapped on its own rather than a chunk")
    boolean huge;
}
