package dev.spillway.reliability.stress.app;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many threads run methods whose arrays and buffers {@code mode=redirect} serves from the allocator. Each call
 * stamps its whole array (or buffer) with its thread's id, yields, and checks the stamp before returning: if the
 * recycler or pool handed the same memory to two calls at once, one of them sees the other's id.
 *
 * <pre>{@code StressApp THREADS ITERATIONS}</pre> prints {@code ok CALLS} or {@code BROKEN n} and exits 0 or 1.
 */
public final class StressApp {
    private static final int SIZE = 128 * 1024;
    private static final AtomicLong BROKEN = new AtomicLong();

    private StressApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        List<Thread> running = new ArrayList<>();
        for (int t = 1; t <= threads; t++) {
            byte id = (byte) t;
            running.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < iterations; i++) {
                    if (!arrayKeepsItsStamp(id) || !bufferKeepsItsStamp(id)) {
                        BROKEN.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        long broken = BROKEN.get();
        System.out.println(broken == 0 ? "ok " + 2L * threads * iterations : "BROKEN " + broken);
        System.exit(broken == 0 ? 0 : 1);
    }

    private static boolean arrayKeepsItsStamp(byte id) {
        byte[] array = new byte[SIZE];
        Arrays.fill(array, id);
        Thread.yield();
        for (int i = 0; i < array.length; i += 512) {
            if (array[i] != id) {
                return false;
            }
        }
        return array[array.length - 1] == id;
    }

    private static boolean bufferKeepsItsStamp(byte id) {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        for (int i = 0; i < SIZE; i += 512) {
            buffer.put(i, id);
        }
        Thread.yield();
        for (int i = 0; i < SIZE; i += 512) {
            if (buffer.get(i) != id) {
                return false;
            }
        }
        return true;
    }
}
