package dev.spillway.allocator.backing;

import java.util.Locale;

/** The kinds of memory an allocator can be backed by; the label is what statistics and JFR events show. */
public enum Backing {
    /**
     * Anonymous private {@code mmap}, {@code munmap} to unmap and {@code madvise} to give pages back, called through
     * FFM downcalls. Linux and macOS only.
     */
    MMAP("mmap"),
    /** {@code Arena.ofShared()} memory: portable, no native calls of its own; pages are only returned on release. */
    ARENA("arena"),
    /**
     * {@code aligned_alloc} and {@code free} of {@code libjemalloc.so.2} (Debian package {@code libjemalloc2}),
     * loaded through FFM. The library path may be overridden with the system property
     * {@value JemallocSource#LIBRARY_PROPERTY}.
     */
    JEMALLOC("jemalloc");

    private final String label;

    Backing(String label) {
        this.label = label;
    }

    /** @return the name used in statistics and JFR events */
    public String label() {
        return label;
    }

    /**
     * Opens a source of this kind.
     *
     * @return a source, ready to reserve memory
     * @throws BackingUnavailableException if this backing cannot work here (no {@code mmap} on this OS, jemalloc
     *     not installed), with what to do about it
     */
    public MemorySource open() {
        return switch (this) {
            case MMAP -> MmapSource.open();
            case ARENA -> new ArenaSource();
            case JEMALLOC -> JemallocSource.open();
        };
    }

    /** @return {@link #MMAP} on Linux and macOS, {@link #ARENA} elsewhere */
    public static Backing platformDefault() {
        return MmapSource.supportsThisPlatform() ? MMAP : ARENA;
    }

    /**
     * @param label a label as returned by {@link #label()} or an enum constant's name, any case
     * @return the backing
     * @throws IllegalArgumentException naming the allowed values if {@code label} matches none
     */
    public static Backing fromLabel(String label) {
        for (Backing backing : values()) {
            if (backing.label.equalsIgnoreCase(label) || backing.name().equalsIgnoreCase(label)) {
                return backing;
            }
        }
        throw new IllegalArgumentException("unknown backing '" + label + "'; allowed: mmap, arena, jemalloc");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
