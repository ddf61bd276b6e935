package dev.spillway.agent.analysis.corpus.outside;

/** Not designated: the analysis must not look inside, however harmless it is. */
public final class Sink {
    private Sink() {
    }

    public static int length(byte[] bytes) {
        return bytes.length;
    }
}
