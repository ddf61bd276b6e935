package dev.spillway.agent.rewrite.corpus;

import java.nio.ByteBuffer;

/** Constructors, static initializers, escaping and array-accessing sites. */
public final class Shapes {
    public static byte[] kept;
    public static ByteBuffer keptBuffer;
    public static final int STATIC_VALUE;

    static {
        byte[] data = new byte[1 << 17];
        data[5] = 7;
        STATIC_VALUE = data[5] + data.length;
    }

    private final int value;

    public Shapes(int n) {
        super();
        byte[] data = new byte[n];
        data[1] = 2;
        if (n < 0) {
            throw new IllegalStateException("unreachable");
        }
        value = data[1] + data.length;
    }

    public Shapes(int n, boolean fail) {
        this(n);
        byte[] more = new byte[n];
        more[0] = 1;
        if (fail) {
            throw new IllegalArgumentException("constructor failed with " + more.length);
        }
    }

    public Shapes(long n) {
        this(new byte[(int) n].length);
    }

    public int value() {
        return value;
    }

    public static int escapeToField(int n) {
        byte[] data = new byte[n];
        kept = data;
        return data.length;
    }

    public static int escapeBufferToField(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        keptBuffer = buffer;
        return buffer.capacity();
    }

    public static byte[] escapeByReturn(int n) {
        return new byte[n];
    }

    public static int arrayOfBuffer(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        return buffer.array().length;
    }

    public static int doubleBuffered(int n, int times) {
        byte[] previous = new byte[n];
        int sum = 0;
        for (int i = 0; i < times; i++) {
            byte[] current = new byte[n];
            current[0] = (byte) (previous[0] + 1);
            previous = current;
            sum += current[0];
        }
        return sum;
    }
}
