package dev.spillway.agent.runtime;

import java.nio.ByteBuffer;

/**
 * The entry points that redirected sites call; see docs/AGENT.md, "mode=redirect". Static because bytecode can
 * only reach a static method of a class it can name; the work is done by the installed {@link RedirectAllocator}.
 *
 * <p>A redirected site {@code new byte[n]} becomes
 * <pre>
 *   n, aload hidden, ldc site  → invokestatic array(ILjava/lang/Object;I)Ljava/lang/Object;
 *   dup, astore hidden         → invokestatic arrayOf(Ljava/lang/Object;)[B
 * </pre>
 * The held value is a lease, or the plain value itself when the site was not served (threshold, fallback, no
 * agent): {@link #release(Object)} ignores the latter with one type check. Calling an entry point releases the
 * site's previous lease first, so a loop holds one value per site, not one per iteration.
 *
 * <p>Nothing here throws into the application except what the original instruction would have thrown: a
 * negative size still gets {@code NegativeArraySizeException} (arrays) or {@code IllegalArgumentException}
 * (buffers) from the plain allocation.
 */
public final class RedirectRuntime {
    /** Internal name of this class, as rewritten bytecode refers to it. */
    public static final String INTERNAL_NAME = "dev/spillway/agent/runtime/RedirectRuntime";
    /** Descriptor of {@link #array}, {@link #heapBuffer} and {@link #directBuffer}. */
    public static final String LEND_DESCRIPTOR = "(ILjava/lang/Object;I)Ljava/lang/Object;";
    /** Descriptor of {@link #arrayOf}. */
    public static final String ARRAY_OF_DESCRIPTOR = "(Ljava/lang/Object;)[B";
    /** Descriptor of {@link #bufferOf}. */
    public static final String BUFFER_OF_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/nio/ByteBuffer;";
    /** Descriptor of {@link #release}. */
    public static final String RELEASE_DESCRIPTOR = "(Ljava/lang/Object;)V";

    private static volatile RedirectAllocator allocator;

    private RedirectRuntime() {}

    /**
     * Replaces {@code new byte[size]} at a redirected site.
     *
     * @param size the requested length
     * @param previous the site's hidden local: its last value in this invocation, or null
     * @param site the site's number in the agent's registry
     * @return a lease, or a plain {@code byte[size]}; pass it to {@link #arrayOf(Object)}
     */
    public static Object array(int size, Object previous, int site) {
        release(previous);
        RedirectAllocator current = allocator;
        if (current != null && size >= 0) {
            try {
                RedirectLease lease = current.array(size, site);
                if (lease != null) {
                    return lease;
                }
            } catch (Throwable e) {
                current.failed();
            }
        }
        return new byte[size];
    }

    /** Replaces {@code ByteBuffer.allocate(size)} at a redirected site; as {@link #array}. */
    public static Object heapBuffer(int size, Object previous, int site) {
        Object served = buffer(size, previous, site);
        return served != null ? served : ByteBuffer.allocate(size);
    }

    /** Replaces {@code ByteBuffer.allocateDirect(size)} at a redirected site; as {@link #array}. */
    public static Object directBuffer(int size, Object previous, int site) {
        Object served = buffer(size, previous, site);
        return served != null ? served : ByteBuffer.allocateDirect(size);
    }

    private static Object buffer(int size, Object previous, int site) {
        release(previous);
        RedirectAllocator current = allocator;
        if (current != null && size >= 0) {
            try {
                return current.buffer(size, site);
            } catch (Throwable e) {
                current.failed();
            }
        }
        return null;
    }

    /** The array held by what {@link #array} returned. */
    public static byte[] arrayOf(Object held) {
        return held instanceof RedirectLease lease ? (byte[]) lease.value : (byte[]) held;
    }

    /** The buffer held by what {@link #heapBuffer} or {@link #directBuffer} returned. */
    public static ByteBuffer bufferOf(Object held) {
        return held instanceof RedirectLease lease ? (ByteBuffer) lease.value : (ByteBuffer) held;
    }

    /** Gives back a hidden local's value if it is a lease not yet given back; anything else is ignored. */
    public static void release(Object held) {
        if (held instanceof RedirectLease lease) {
            try {
                lease.release();
            } catch (Throwable e) {
                // release() already absorbs the allocator's failures; this is the last guard for the application.
            }
        }
    }

    /** Makes {@code installed} serve redirected sites from now on; for the agent's start only. */
    public static void install(RedirectAllocator installed) {
        allocator = installed;
    }

    /** Stops serving if {@code installed} is current; leases already out are still given back to it. */
    public static void uninstall(RedirectAllocator installed) {
        if (allocator == installed) {
            allocator = null;
        }
    }

    /** The current allocator, or null. */
    public static RedirectAllocator current() {
        return allocator;
    }
}
