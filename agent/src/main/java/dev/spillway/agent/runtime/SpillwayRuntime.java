package dev.spillway.agent.runtime;

/**
 * The entry points that rewritten bytecode calls. Static because bytecode can only reach a static method of
 * a class it can name; everything behind them is an ordinary object, installed by the running agent.
 *
 * <p>Nothing here may throw into the application: a failure to count is itself counted and otherwise
 * ignored, and with no agent installed (before start, after detach) the calls do nothing.
 */
public final class SpillwayRuntime {
    /** Internal name of this class, as rewritten bytecode refers to it. */
    public static final String INTERNAL_NAME = "dev/spillway/agent/runtime/SpillwayRuntime";
    /** Name of {@link #profile(int, int)}. */
    public static final String PROFILE = "profile";
    /** Descriptor of {@link #profile(int, int)}. */
    public static final String PROFILE_DESCRIPTOR = "(II)V";

    private static volatile AllocationRecorder recorder;

    private SpillwayRuntime() {}

    /**
     * Called by a profiled site just before it allocates.
     *
     * @param size the requested size, as the allocation will see it
     * @param site the site's number in the agent's registry
     */
    public static void profile(int size, int site) {
        AllocationRecorder current = recorder;
        if (current != null) {
            try {
                current.record(size, site);
            } catch (Throwable e) {
                current.failed();
            }
        }
    }

    /** Makes {@code installed} count from now on; for the agent's start only. */
    public static void install(AllocationRecorder installed) {
        recorder = installed;
    }

    /** Stops counting if {@code installed} is the current recorder; for the agent's stop only. */
    public static void uninstall(AllocationRecorder installed) {
        if (recorder == installed) {
            recorder = null;
        }
    }

    /** The current recorder, or null. */
    public static AllocationRecorder current() {
        return recorder;
    }
}
