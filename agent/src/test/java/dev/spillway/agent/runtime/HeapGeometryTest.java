package dev.spillway.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeapGeometryTest {

    @ParameterizedTest(name = "byte[{1}] with a {2}-byte header in {0}-byte regions is humongous: {3}")
    @CsvSource({
        "1048576, 524272, 16, true",
        "1048576, 524265, 16, true",
        "1048576, 524264, 16, false",
        "1048576, 524276, 12, true",
        "1048576, 524268, 12, false",
        "33554432, 16777200, 16, true",
        "33554432, 16777192, 16, false",
        "0, 2147483647, 16, false",
    })
    void anArrayIsHumongousFromHalfARegionWithItsHeaderAlignedToEightBytes(long region, int size, int header,
            boolean humongous) {
        assertEquals(humongous, new HeapGeometry(region == 0 ? "ZGC" : "G1", region, header).isHumongous(size));
    }

    @Test
    void detectsTheCollectorAndRegionSizeOfThisJvm() {
        HeapGeometry geometry = HeapGeometry.detect();
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .anyMatch(name -> name.startsWith("G1"));
        assertEquals(g1, geometry.gc().equals("G1"));
        if (g1) {
            assertTrue(Long.bitCount(geometry.regionSize()) == 1 && geometry.regionSize() >= 1 << 20,
                    () -> "region size " + geometry.regionSize());
        } else {
            assertEquals(0, geometry.regionSize());
        }
        assertTrue(geometry.arrayHeader() == 12 || geometry.arrayHeader() == 16, () -> geometry.toString());
    }

    @Test
    void nothingIsHumongousOffG1() {
        assertFalse(new HeapGeometry("ZGC", 0, 16).isHumongous(Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, new HeapGeometry("Parallel", 0, 16).humongousFrom());
    }
}
