package dev.spillway.agent.analysis.corpus;

public class Recursion {
    private static byte[] kept;

    private static int sumFrom(byte[] bytes, int index) {
        return index >= bytes.length ? 0 : bytes[index] + sumFrom(bytes, index + 1);
    }

    int callsRecursiveHelperThatDoesNotKeep(int n) {
        return sumFrom(new byte[n], 0);
    }

    private static void keepAtTheBottom(byte[] bytes, int depth) {
        if (depth == 0) {
            kept = bytes;
        } else {
            keepAtTheBottom(bytes, depth - 1);
        }
    }

    void callsRecursiveHelperThatKeeps(int n) {
        keepAtTheBottom(new byte[n], 3);
    }

    private static int even(byte[] bytes, int i) {
        return i == 0 ? bytes[0] : odd(bytes, i - 1);
    }

    private static int odd(byte[] bytes, int i) {
        return i == 0 ? bytes[1] : even(bytes, i - 1);
    }

    int callsMutuallyRecursiveHelpers(int n) {
        return even(new byte[n], 4);
    }

    int recursesWithItsOwnSite(int depth) {
        byte[] bytes = new byte[16];
        return depth == 0 ? bytes.length : recursesWithItsOwnSite(depth - 1) + bytes[0];
    }
}
