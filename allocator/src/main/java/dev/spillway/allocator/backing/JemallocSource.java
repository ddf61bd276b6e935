package dev.spillway.allocator.backing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code aligned_alloc} and {@code free} of jemalloc, looked up in the library itself, not in the process. */
final class JemallocSource implements MemorySource {

    /** System property naming the jemalloc shared library to load instead of the platform's default. */
    static final String LIBRARY_PROPERTY = "spillway.allocator.jemalloc.library";

    private final MethodHandle alignedAlloc;
    private final MethodHandle free;

    private JemallocSource(MethodHandle alignedAlloc, MethodHandle free) {
        this.alignedAlloc = alignedAlloc;
        this.free = free;
    }

    /** Where distributions put the library, tried when the dynamic linker's search does not find it. */
    private static final List<String> KNOWN_LOCATIONS = List.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
            "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2", "/usr/lib64/libjemalloc.so.2",
            "/usr/local/lib/libjemalloc.so.2", "/opt/homebrew/lib/libjemalloc.2.dylib",
            "/usr/local/lib/libjemalloc.2.dylib");

    static JemallocSource open() {
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        String configured = System.getProperty(LIBRARY_PROPERTY);
        List<String> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(configured);
        } else {
            candidates.add(mac ? "libjemalloc.2.dylib" : "libjemalloc.so.2");
            candidates.addAll(KNOWN_LOCATIONS);
        }
        SymbolLookup jemalloc = null;
        for (String candidate : candidates) {
            try {
                // Process-lifetime scope: unloading jemalloc while memory from it is alive would be fatal.
                jemalloc = SymbolLookup.libraryLookup(candidate, Arena.global());
                break;
            } catch (IllegalArgumentException e) {
                // Not here; the next candidate may be the one.
            }
        }
        String library = candidates.getFirst();
        String present = candidates.stream().filter(c -> c.startsWith("/") && Files.isRegularFile(Path.of(c)))
                .findFirst().orElse(null);
        if (jemalloc == null && present != null) {
            // jemalloc uses initial-exec TLS; glibc's spare static TLS is too small for it after the JVM has started.
            throw new BackingUnavailableException("the jemalloc library " + present + " is installed but the dynamic"
                    + " linker refused to load it into the running JVM (usually 'cannot allocate memory in static TLS"
                    + " block'); start the JVM with the environment GLIBC_TUNABLES=glibc.rtld.optional_static_tls=16384"
                    + " or LD_PRELOAD=" + present, null);
        }
        if (jemalloc == null) {
            throw new BackingUnavailableException("the jemalloc backing needs the shared library jemalloc, which"
                    + " could not be loaded from " + candidates + "; install it (Debian/Ubuntu: apt-get install"
                    + " libjemalloc2, macOS: brew install jemalloc) or name it with -D" + LIBRARY_PROPERTY + "=PATH",
                    null);
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle alignedAlloc = linker.downcallHandle(jemalloc.find("aligned_alloc").orElseThrow(
                () -> new BackingUnavailableException("'" + library + "' has no aligned_alloc symbol; is it jemalloc?",
                        null)), FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
        MethodHandle free = linker.downcallHandle(jemalloc.find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ADDRESS));
        return new JemallocSource(alignedAlloc, free);
    }

    @Override
    public Backing backing() {
        return Backing.JEMALLOC;
    }

    @Override
    public MemorySegment reserve(long size, long alignment) {
        long effectiveAlignment = Math.max(alignment, 16);
        // C11 wants the size to be a multiple of the alignment.
        long paddedSize = (size + effectiveAlignment - 1) & -effectiveAlignment;
        MemorySegment address;
        try {
            address = (MemorySegment) alignedAlloc.invokeExact(effectiveAlignment, paddedSize);
        } catch (Throwable e) {
            throw new IllegalStateException("jemalloc aligned_alloc failed: " + e, e);
        }
        if (address.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("jemalloc could not allocate " + size + " bytes aligned to " + alignment);
        }
        return address.reinterpret(size);
    }

    @Override
    public void release(MemorySegment region) {
        try {
            free.invokeExact(region);
        } catch (Throwable e) {
            throw new IllegalStateException("jemalloc free failed: " + e, e);
        }
    }

    @Override
    public void discard(MemorySegment range) {
        // jemalloc purges dirty pages of freed extents itself; a live allocation cannot be purged through malloc's API.
    }

    @Override
    public boolean reservesZeroed() {
        return false;
    }
}
