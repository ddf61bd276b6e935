package dev.spillway.allocator.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("dev.spillway.RecyclerStatistics")
@Label("Recycler Statistics")
@Category({"Spillway", "Allocator"})
@Description("Arrays of one live ByteArrayRecycler; counters are cumulative since it was built")
@Period("1 s")
@StackTrace(false)
final class RecyclerStatisticsEvent extends Event {

    @Label("Recycler")
    String recycler;

    @Label("Pooled")
    @Description("Bytes of arrays resting in the recycler")
    @DataAmount(DataAmount.BYTES)
    long pooledBytes;

    @Label("Limit")
    @DataAmount(DataAmount.BYTES)
    long limitBytes;

    @Label("Borrows")
    long borrows;

    @Label("Hits")
    long hits;

    @Label("Misses")
    long misses;

    @Label("Returns")
    long returns;

    @Label("Discards")
    long discards;
}
