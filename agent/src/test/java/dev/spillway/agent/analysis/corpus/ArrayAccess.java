package dev.spillway.agent.analysis.corpus;

import java.nio.ByteBuffer;

public class ArrayAccess {

    byte unguardedArray(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        return buffer.array()[0];
    }

    int unguardedArrayOffset(int n) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(n);
        return buffer.arrayOffset();
    }

    int guardedByHasArray(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        if (buffer.hasArray()) {
            return buffer.array()[buffer.arrayOffset()];
        }
        return buffer.get(0);
    }

    int guardedByNegatedHasArray(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        if (!buffer.hasArray()) {
            return buffer.get(0);
        }
        return buffer.array()[0];
    }

    int guardOnAnotherBuffer(ByteBuffer other, int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        if (other.hasArray()) {
            return buffer.array()[0];
        }
        return 0;
    }

    int guardThenReassigned(ByteBuffer other, int n) {
        ByteBuffer fresh = ByteBuffer.allocate(n);
        ByteBuffer buffer = other;
        if (buffer.hasArray()) {
            buffer = fresh;
            return buffer.array()[0];
        }
        return 0;
    }

    private static int firstByte(ByteBuffer buffer) {
        return buffer.array()[0];
    }

    private static int firstByteGuarded(ByteBuffer buffer) {
        return buffer.hasArray() ? buffer.array()[0] : buffer.get(0);
    }

    int arrayTakenInHelper(int n) {
        return firstByte(ByteBuffer.allocate(n));
    }

    int arrayTakenInGuardedHelper(int n) {
        return firstByteGuarded(ByteBuffer.allocate(n));
    }
}
