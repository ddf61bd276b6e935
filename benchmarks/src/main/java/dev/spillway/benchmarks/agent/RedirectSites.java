package dev.spillway.benchmarks.agent;

/** The sites of {@link RedirectSubject}, as the benchmark calls them on the original and the redirected copy. */
public interface RedirectSites {
    int array(int size);

    int heapBuffer(int size);

    int directBuffer(int size);
}
