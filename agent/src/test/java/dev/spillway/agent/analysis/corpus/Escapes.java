package dev.spillway.agent.analysis.corpus;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;

public class Escapes {
    static byte[] staticField;
    byte[] field;
    ByteBuffer bufferField;

    byte[] returned(int n) {
        return new byte[n];
    }

    void storedInField(int n) {
        field = new byte[n];
    }

    void storedInStaticField(int n) {
        staticField = new byte[n];
    }

    void bufferStoredInField(int n) {
        bufferField = ByteBuffer.allocateDirect(n);
    }

    void storedInArray(Object[] sink, int n) {
        sink[0] = new byte[n];
    }

    Runnable capturedByLambda(int n) {
        byte[] bytes = new byte[n];
        return () -> System.out.println(bytes.length);
    }

    int usedAsMonitor(int n) {
        byte[] bytes = new byte[n];
        synchronized (bytes) {
            bytes[0] = 1;
        }
        return bytes[0];
    }

    void passedToUnknownMethod(List<byte[]> sink, int n) {
        sink.add(new byte[n]);
    }

    int wrappedByByteBuffer(int n) {
        return ByteBuffer.wrap(new byte[n]).getInt();
    }

    int wrappedByArraysAsList(int n) {
        return Arrays.asList(new byte[n]).size();
    }

    ByteBuffer returnedAfterFlip(int n) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        buffer.putInt(1);
        return buffer.flip();
    }

    ByteBuffer duplicateReturned(int n) {
        return ByteBuffer.allocateDirect(n).duplicate();
    }

    IntBuffer viewedAsIntBuffer(int n) {
        return ByteBuffer.allocate(n).asIntBuffer();
    }

    int filledIntoObjectArray(Object[] sink, int n) {
        Arrays.fill(sink, new byte[n]);
        return sink.length;
    }

    static final java.lang.invoke.VarHandle FIELD;

    static {
        try {
            FIELD = java.lang.invoke.MethodHandles.lookup().findStaticVarHandle(Escapes.class, "staticField", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    void storedThroughFieldVarHandle(int n) {
        FIELD.set(new byte[n]);
    }

    java.io.InputStream wrappedByByteArrayInputStream(int n) {
        return new java.io.ByteArrayInputStream(new byte[n]);
    }
}
