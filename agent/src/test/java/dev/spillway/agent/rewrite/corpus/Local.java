package dev.spillway.agent.rewrite.corpus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Sites the escape analysis proves local; the rewrite redirects them all. */
public final class Local {
    private Local() {}

    public static int sum(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        int sum = 0;
        for (byte b : data) {
            sum += b;
        }
        return sum;
    }

    public static int fail(int n) {
        byte[] data = new byte[n];
        data[0] = 1;
        throw new IllegalStateException("failed after " + data.length + " bytes");
    }

    public static int loop(int n, int times) {
        int sum = 0;
        for (int i = 0; i < times; i++) {
            byte[] data = new byte[n];
            data[n - 1] = (byte) i;
            sum += data[n - 1] + data[0];
        }
        return sum;
    }

    public static int recurse(int n, int depth) {
        byte[] mine = new byte[n];
        mine[0] = (byte) depth;
        int below = depth > 0 ? recurse(n, depth - 1) : 0;
        return mine[0] * 100 + below;
    }

    public static String heapBuffer(int n) {
        return describe(ByteBuffer.allocate(n));
    }

    public static String directBuffer(int n) {
        return describe(ByteBuffer.allocateDirect(n));
    }

    private static String describe(ByteBuffer buffer) {
        StringBuilder text = new StringBuilder();
        text.append(buffer.order()).append(' ').append(buffer.position()).append(' ').append(buffer.limit())
                .append(' ').append(buffer.capacity()).append(' ').append(buffer.remaining());
        boolean zero = true;
        for (int i = 0; i < buffer.capacity(); i++) {
            zero &= buffer.get(i) == 0;
        }
        buffer.putInt(0, 0x01020304);
        text.append(' ').append(zero).append(' ').append(buffer.get(0)).append(buffer.get(3));
        buffer.order(ByteOrder.LITTLE_ENDIAN).putLong(8, 5L);
        text.append(' ').append(buffer.get(8)).append(' ').append(buffer.getLong(8));
        return text.toString();
    }

    public static long checksum(int n, int rounds) {
        long sum = 0;
        for (int r = 0; r < rounds; r++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(n);
            buffer.putInt(r);
            buffer.flip();
            sum += buffer.getInt() + buffer.capacity();
        }
        return sum;
    }

    public static int dirty(int n, int times) {
        int sum = 0;
        for (int i = 0; i < times; i++) {
            byte[] data = new byte[n];
            sum += data[7];
            data[7] = 42;
        }
        return sum;
    }

    public static double wideLocals(long seed, int n, double scale) {
        double total = 0;
        for (int i = 0; i < 3; i++) {
            long mixed = seed * 31 + i;
            byte[] data = new byte[n];
            data[(int) (mixed % n)] = 1;
            try {
                if (mixed % 2 == 0) {
                    throw new IllegalStateException("even");
                }
                total += data.length * scale;
            } catch (IllegalStateException e) {
                total -= data[(int) (mixed % n)];
            }
            switch (i) {
                case 0 -> total += mixed;
                case 1 -> total *= 2;
                default -> total += data[0];
            }
        }
        return total;
    }
}
