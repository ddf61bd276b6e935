package dev.spillway.benchmarks.agent;

import java.util.function.IntFunction;

/** One allocation site, behind an interface so that the original and a profiled copy are called alike. */
public final class Subject implements IntFunction<byte[]> {
    @Override
    public byte[] apply(int size) {
        return new byte[size];
    }
}
