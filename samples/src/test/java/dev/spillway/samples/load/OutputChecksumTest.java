package dev.spillway.samples.load;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class OutputChecksumTest {

    private static long digestOf(long index) {
        return index * 0x2545F4914F6CDD1DL + 7;
    }

    @Nested
    @DisplayName("is independent of scheduling:")
    class Scheduling {

        @Test
        void the_same_operations_added_in_any_order_give_the_same_checksum() {
            OutputChecksum inOrder = new OutputChecksum();
            LongStream.range(0, 1000).forEach(i -> inOrder.add(i, digestOf(i)));

            List<Long> shuffled = new ArrayList<>(LongStream.range(0, 1000).boxed().toList());
            Collections.shuffle(shuffled, new Random(3));
            OutputChecksum anyOrder = new OutputChecksum();
            shuffled.forEach(i -> anyOrder.add(i, digestOf(i)));

            assertEquals(inOrder.hex(), anyOrder.hex());
            assertEquals(1000, anyOrder.operations());
        }

        @Test
        void the_same_operations_added_from_many_threads_give_the_same_checksum() throws InterruptedException {
            OutputChecksum single = new OutputChecksum();
            LongStream.range(0, 10_000).forEach(i -> single.add(i, digestOf(i)));

            OutputChecksum parallel = new OutputChecksum();
            LongStream.range(0, 10_000).parallel().forEach(i -> parallel.add(i, digestOf(i)));

            assertEquals(single.value(), parallel.value());
        }
    }

    @Nested
    @DisplayName("detects a different output:")
    class Sensitivity {

        @Test
        void one_changed_digest_changes_the_checksum() {
            OutputChecksum original = new OutputChecksum();
            OutputChecksum altered = new OutputChecksum();
            for (long i = 0; i < 100; i++) {
                original.add(i, digestOf(i));
                altered.add(i, i == 42 ? digestOf(i) ^ 1 : digestOf(i));
            }
            assertNotEquals(original.value(), altered.value());
        }

        @Test
        void two_operations_that_swap_outputs_change_the_checksum() {
            OutputChecksum original = new OutputChecksum();
            original.add(1, digestOf(1));
            original.add(2, digestOf(2));
            OutputChecksum swapped = new OutputChecksum();
            swapped.add(1, digestOf(2));
            swapped.add(2, digestOf(1));
            assertNotEquals(original.value(), swapped.value());
        }

        @Test
        void a_missing_operation_changes_the_checksum() {
            OutputChecksum all = new OutputChecksum();
            OutputChecksum oneShort = new OutputChecksum();
            for (long i = 0; i < 100; i++) {
                all.add(i, digestOf(i));
                if (i != 99) {
                    oneShort.add(i, digestOf(i));
                }
            }
            assertNotEquals(all.value(), oneShort.value());
        }
    }

    @Test
    void its_text_form_is_sixteen_hex_digits() {
        OutputChecksum checksum = new OutputChecksum();
        checksum.add(0, 0);
        assertEquals(16, checksum.hex().length());
        assertEquals(Long.toUnsignedString(checksum.value(), 16), checksum.hex().replaceFirst("^0+(?!$)", ""));
    }
}
