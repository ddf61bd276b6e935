package dev.spillway.reporter.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The suggested G1 region size")
class FindingRuleTest {

    @ParameterizedTest(name = "for an object of {0} bytes is {1}")
    @CsvSource({
            "614416, 2m",
            "100000, 1m",
            "1048575, 2m",
            "1048576, 4m",
            "3145744, 8m",
            "16777216, 64m"})
    void isTheSmallestPowerOfTwoInWhichTheObjectIsNotHumongous(long objectSize, String flag) {
        long region = FindingRule.regionSizeAbove(objectSize);
        assertEquals(flag, Units.flagSize(region));
        assertEquals(true, objectSize < region / 2);
    }
}
