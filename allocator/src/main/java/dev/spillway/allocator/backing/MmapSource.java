package dev.spillway.allocator.backing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/** Anonymous private mappings through FFM downcalls to libc's {@code mmap}, {@code munmap} and {@code madvise}. */
final class MmapSource implements MemorySource {

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MADV_DONTNEED = 4;

    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle madvise;
    private final VarHandle errno;
    private final int mapAnonymous;
    private final long pageSize;

    private MmapSource(MethodHandle mmap, MethodHandle munmap, MethodHandle madvise, VarHandle errno,
            int mapAnonymous, long pageSize) {
        this.mmap = mmap;
        this.munmap = munmap;
        this.madvise = madvise;
        this.errno = errno;
        this.mapAnonymous = mapAnonymous;
        this.pageSize = pageSize;
    }

    static boolean supportsThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") || os.contains("mac");
    }

    static MmapSource open() {
        if (!supportsThisPlatform()) {
            throw new BackingUnavailableException("the mmap backing needs Linux or macOS, this is "
                    + System.getProperty("os.name") + "; use Backing.ARENA", null);
        }
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        Linker.Option errnoCapture = Linker.Option.captureCallState("errno");
        try {
            MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                    errnoCapture);
            MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errnoCapture);
            MethodHandle madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errnoCapture);
            MethodHandle getpagesize = linker.downcallHandle(libc.find("getpagesize").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT));
            VarHandle errno = Linker.Option.captureStateLayout()
                    .varHandle(MemoryLayout.PathElement.groupElement("errno"));
            long pageSize = (int) getpagesize.invokeExact();
            return new MmapSource(mmap, munmap, madvise, errno, mac ? 0x1000 : 0x20, pageSize);
        } catch (Throwable e) {
            throw new BackingUnavailableException("the mmap backing could not bind libc's mmap/munmap/madvise: " + e, e);
        }
    }

    @Override
    public Backing backing() {
        return Backing.MMAP;
    }

    @Override
    public MemorySegment reserve(long size, long alignment) {
        long length = roundUp(size, pageSize);
        if (alignment <= pageSize) {
            return map(length).reinterpret(size);
        }
        // mmap aligns to pages only: map enough to contain an aligned range, then unmap the slack on both sides.
        MemorySegment raw = map(length + alignment);
        long start = raw.address();
        long aligned = roundUp(start, alignment);
        if (aligned > start) {
            unmap(start, aligned - start);
        }
        long tail = start + length + alignment - (aligned + length);
        if (tail > 0) {
            unmap(aligned + length, tail);
        }
        return MemorySegment.ofAddress(aligned).reinterpret(size);
    }

    @Override
    public void release(MemorySegment region) {
        unmap(region.address(), roundUp(region.byteSize(), pageSize));
    }

    @Override
    public void discard(MemorySegment range) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) madvise.invokeExact(state, range, range.byteSize(), MADV_DONTNEED);
            if (result != 0) {
                throw new IllegalStateException("madvise(" + range.address() + ", " + range.byteSize()
                        + ", MADV_DONTNEED) failed, errno " + (int) errno.get(state, 0L));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("madvise failed: " + e, e);
        }
    }

    @Override
    public boolean reservesZeroed() {
        return true;
    }

    private MemorySegment map(long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment address = (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL, length,
                    PROT_READ_WRITE, MAP_PRIVATE | mapAnonymous, -1, 0L);
            if (address.address() == -1L) {
                throw new OutOfMemoryError("mmap of " + length + " bytes failed, errno " + (int) errno.get(state, 0L));
            }
            return address;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("mmap failed: " + e, e);
        }
    }

    private void unmap(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) munmap.invokeExact(state, MemorySegment.ofAddress(address), length);
            if (result != 0) {
                throw new IllegalStateException("munmap(" + address + ", " + length + ") failed, errno "
                        + (int) errno.get(state, 0L));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed: " + e, e);
        }
    }

    private static long roundUp(long value, long multiple) {
        return (value + multiple - 1) & -multiple;
    }
}
