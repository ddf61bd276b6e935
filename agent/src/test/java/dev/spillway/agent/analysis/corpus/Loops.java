package dev.spillway.agent.analysis.corpus;

import java.io.IOException;
import java.io.InputStream;

public class Loops {

    long freshBufferEachIteration(InputStream in, int n, int rounds) throws IOException {
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] buffer = new byte[n];
            total += in.read(buffer);
        }
        return total;
    }

    long doubleBuffering(InputStream in, int n, int rounds) throws IOException {
        byte[] previous;
        byte[] current = new byte[n];
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            previous = current;
            current = new byte[n];
            total += in.read(current) + previous[0];
        }
        return total;
    }

    int lastKeptButOverwrittenBeforeRead(InputStream in, int n, int rounds) throws IOException {
        byte[] last = new byte[0];
        for (int i = 0; i < rounds; i++) {
            byte[] buffer = new byte[n];
            in.read(buffer);
            last = buffer;
        }
        return last.length;
    }

    int previousComparedWithCurrent(InputStream in, int n, int rounds) throws IOException {
        byte[] previous = null;
        int changes = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] current = new byte[n];
            in.read(current);
            if (previous != null && previous[0] != current[0]) {
                changes++;
            }
            previous = current;
        }
        return changes;
    }
}
