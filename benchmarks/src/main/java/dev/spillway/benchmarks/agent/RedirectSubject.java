package dev.spillway.benchmarks.agent;

import java.nio.ByteBuffer;

/**
 * Three allocation sites the escape analysis proves local, each touching both ends of what it allocates so that
 * the allocation cannot be skipped; the original and a redirected copy are called alike through {@link RedirectSites}.
 */
public final class RedirectSubject implements RedirectSites {
    @Override
    public int array(int size) {
        byte[] data = new byte[size];
        data[size - 1] = 1;
        return data[0] + data[size - 1] + data.length;
    }

    @Override
    public int heapBuffer(int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(size - 1, (byte) 1);
        return buffer.get(0) + buffer.get(size - 1) + buffer.capacity();
    }

    @Override
    public int directBuffer(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        buffer.put(size - 1, (byte) 1);
        return buffer.get(0) + buffer.get(size - 1) + buffer.capacity();
    }
}
