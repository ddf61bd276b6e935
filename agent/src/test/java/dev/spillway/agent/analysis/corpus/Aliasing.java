package dev.spillway.agent.analysis.corpus;

import java.io.IOException;
import java.io.OutputStream;

public class Aliasing {
    byte[] kept;
    byte[] alsoKept;

    void throughLocals(int n) {
        byte[] first = new byte[n];
        byte[] second = first;
        byte[] third = second;
        kept = third;
    }

    void throughObjectLocalAndCast(int n) {
        Object object = new byte[n];
        byte[] bytes = (byte[]) object;
        kept = bytes;
    }

    void throughObjectLocalAndCastSafely(OutputStream out, int n) throws IOException {
        Object object = new byte[n];
        out.write((byte[]) object);
    }

    void chainedFieldAssignment(int n) {
        kept = alsoKept = new byte[n];
    }

    void chainedArrayAssignment(byte[][] arrays, int n) {
        arrays[0] = arrays[1] = new byte[n];
    }

    int compoundAssignment(int n) {
        byte[] bytes = new byte[n];
        bytes[0] += 5;
        return bytes[0];
    }

    void mergedWithAnotherArray(boolean fresh, byte[] shared, int n) {
        byte[] chosen = fresh ? new byte[n] : shared;
        kept = chosen;
    }
}
