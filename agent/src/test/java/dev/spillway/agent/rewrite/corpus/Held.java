package dev.spillway.agent.rewrite.corpus;

/**
 * The shape of commons-compress's {@code SevenZFile.readHeaders}: an array that never leaves its method, held
 * while the method does work long enough for the heap to be collected many times, so that it is old when the
 * method returns and releases it.
 */
public final class Held {
    private Held() {}

    public static int acrossCollections(int n, int collections) {
        byte[] signature = new byte[n];
        signature[0] = 7;
        for (int i = 0; i < collections; i++) {
            System.gc();
        }
        return signature[0] + signature.length;
    }
}
