package dev.spillway.allocator.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("dev.spillway.AllocatorStatistics")
@Label("Allocator Statistics")
@Category({"Spillway", "Allocator"})
@Description("Memory of one live allocator; counters are cumulative since it was built")
@Period("1 s")
@StackTrace(false)
final class AllocatorStatisticsEvent extends Event {

    @Label("Allocator")
    String allocator;

    @Label("Backing")
    String backing;

    @Label("Reserved")
    @Description("Bytes currently reserved from the OS (chunks and huge mappings)")
    @DataAmount(DataAmount.BYTES)
    long reservedBytes;

    @Label("Used")
    @Description("Bytes currently handed out")
    @DataAmount(DataAmount.BYTES)
    long usedBytes;

    @Label("Peak Used")
    @DataAmount(DataAmount.BYTES)
    long peakUsedBytes;

    @Label("Limit")
    @Description("The off-heap limit, 0 when none")
    @DataAmount(DataAmount.BYTES)
    long limitBytes;

    @Label("Allocations")
    long allocations;

    @Label("Frees")
    long frees;
}
