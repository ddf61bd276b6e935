package dev.spillway.agent.analysis.corpus;

import dev.spillway.agent.analysis.corpus.outside.Sink;

public class Interprocedural {
    private byte[] kept;

    private static int sum(byte[] bytes) {
        int sum = 0;
        for (byte b : bytes) {
            sum += b;
        }
        return sum;
    }

    private void keep(byte[] bytes) {
        kept = bytes;
    }

    private static byte[] identity(byte[] bytes) {
        return bytes;
    }

    protected int overridable(byte[] bytes) {
        return bytes.length;
    }

    final int finalHelper(byte[] bytes) {
        return sum(bytes);
    }

    private static int level1(byte[] bytes) {
        return level2(bytes);
    }

    private static int level2(byte[] bytes) {
        return level3(bytes);
    }

    private static int level3(byte[] bytes) {
        return sum(bytes);
    }

    int callsStaticHelperThatDoesNotKeep(int n) {
        return sum(new byte[n]);
    }

    void callsPrivateHelperThatKeeps(int n) {
        keep(new byte[n]);
    }

    void storesWhatHelperReturns(int n) {
        kept = identity(new byte[n]);
    }

    int usesWhatHelperReturnsLocally(int n) {
        byte[] bytes = identity(new byte[n]);
        return bytes.length;
    }

    int callsOverridableMethod(int n) {
        return overridable(new byte[n]);
    }

    int callsFinalMethod(int n) {
        return finalHelper(new byte[n]);
    }

    int callsChainOfFourHelpers(int n) {
        return level1(new byte[n]);
    }

    int callsThirdHelperDirectly(int n) {
        return level3(new byte[n]);
    }

    int callsNonDesignatedClass(int n) {
        return Sink.length(new byte[n]);
    }

    int constructsReaderThatDoesNotKeep(int n) {
        return new Reader(new byte[n]).first;
    }

    Holder constructsHolderThatKeeps(int n) {
        return new Holder(new byte[n]);
    }

    static final class Reader {
        final int first;

        Reader(byte[] bytes) {
            first = bytes.length == 0 ? -1 : bytes[0];
        }
    }

    static final class Holder {
        final byte[] bytes;

        Holder(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
