package dev.spillway.agent.analysis.corpus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

public class Exceptions {
    byte[] kept;

    int throwsInTheMiddle(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        int read = in.read(bytes);
        if (read < 0) {
            throw new EOFException("no data");
        }
        return bytes[0] + read;
    }

    int catchesAndRethrows(InputStream in, int n) {
        byte[] bytes = new byte[n];
        try {
            return in.read(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int messageBuiltFromTheArray(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        int read = in.read(bytes);
        if (read < 0) {
            throw new IllegalStateException(new String(bytes));
        }
        return read;
    }

    void keptInTheHandler(InputStream in, int n) {
        byte[] bytes = new byte[n];
        try {
            in.read(bytes);
        } catch (IOException e) {
            kept = bytes;
        }
    }

    int finallyBlock(InputStream in, int n) throws IOException {
        byte[] bytes = new byte[n];
        try {
            return in.read(bytes);
        } finally {
            in.close();
        }
    }
}
