package dev.spillway.reliability.faults.app;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The application the fault tests attach the agent to. Every scenario prints one deterministic result line, so a
 * run under the agent can be compared with a plain run. Its allocation sites keep their arrays and buffers local
 * (they only reach {@code Arrays.fill} and {@code CRC32.update}), so {@code mode=redirect} may redirect them.
 *
 * <pre>{@code
 * FaultApp churn ROUNDS [EXIT]          arrays and buffers of 256 KiB, one at a time; then exits with EXIT if given
 * FaultApp hold-arrays DEPTH SIZE       DEPTH arrays of SIZE bytes held at once (recursion)
 * FaultApp hold-buffers DEPTH SIZE      DEPTH direct buffers of SIZE bytes held at once
 * FaultApp load CLASS                   calls CLASS.run()I (a class the test generated)
 * FaultApp wait MILLIS                  prints ready, churns for MILLIS ms, prints the result and exits
 * }</pre>
 */
public final class FaultApp {
    private static final int CHUNK = 256 * 1024;

    private FaultApp() {
    }

    public static void main(String[] args) throws Exception {
        String result = switch (args[0]) {
            case "churn" -> "churn " + churn(Integer.parseInt(args[1]));
            case "hold-arrays" -> "hold-arrays " + holdArrays(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "hold-buffers" -> "hold-buffers " + holdBuffers(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "load" -> "load " + Class.forName(args[1]).getMethod("run").invoke(null);
            case "wait" -> waitAndChurn(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException("no scenario " + args[0]);
        };
        System.out.println(result);
        if (args.length > 2 && args[0].equals("churn")) {
            System.exit(Integer.parseInt(args[2]));
        }
    }

    public static long churn(int rounds) {
        long sum = 0;
        for (int round = 0; round < rounds; round++) {
            sum += arrayChecksum(round) + bufferChecksum(round);
        }
        return sum;
    }

    private static long arrayChecksum(int seed) {
        byte[] array = new byte[CHUNK];
        Arrays.fill(array, (byte) seed);
        CRC32 crc = new CRC32();
        crc.update(array, 0, array.length);
        return crc.getValue();
    }

    private static long bufferChecksum(int seed) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        while (buffer.hasRemaining()) {
            buffer.put((byte) (seed + buffer.position()));
        }
        buffer.flip();
        CRC32 crc = new CRC32();
        crc.update(buffer);
        return crc.getValue();
    }

    public static long holdArrays(int depth, int size) {
        byte[] array = new byte[size];
        Arrays.fill(array, (byte) depth);
        long below = depth <= 1 ? 0 : holdArrays(depth - 1, size);
        CRC32 crc = new CRC32();
        crc.update(array, 0, array.length);
        return below + crc.getValue();
    }

    public static long holdBuffers(int depth, int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        buffer.put(0, (byte) depth);
        buffer.put(size - 1, (byte) depth);
        long below = depth <= 1 ? 0 : holdBuffers(depth - 1, size);
        CRC32 crc = new CRC32();
        crc.update(buffer);
        return below + crc.getValue();
    }

    private static String waitAndChurn(long millis) {
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        long end = System.nanoTime() + millis * 1_000_000;
        long rounds = 0;
        while (System.nanoTime() < end) {
            arrayChecksum((int) rounds++);
        }
        return "done";
    }
}
