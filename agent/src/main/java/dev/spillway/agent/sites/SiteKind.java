package dev.spillway.agent.sites;

/** The allocation an instrumented instruction performs. */
public enum SiteKind {
    /** {@code new byte[n]}: {@code NEWARRAY T_BYTE}. */
    NEW_BYTE_ARRAY,
    /** {@code ByteBuffer.allocate(n)}: a heap buffer over a new {@code byte[n]}. */
    HEAP_BUFFER,
    /** {@code ByteBuffer.allocateDirect(n)}: native memory; never a heap array, so never humongous. */
    DIRECT_BUFFER;

    /** Whether the allocation puts a {@code byte[]} of the requested size on the heap. */
    public boolean allocatesHeapArray() {
        return this != DIRECT_BUFFER;
    }
}
