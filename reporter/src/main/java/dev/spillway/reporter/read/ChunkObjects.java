package dev.spillway.reporter.read;

import java.util.List;

/**
 * The constant-pool objects events refer to, resolved once per chunk and key: class names, thread names, and the
 * top application frame of a stack trace as a {@link Site}. Only what these need is decoded.
 *
 * <p>The rules are jdk.jfr's, so that the same recording gives the same observations through either: a class name
 * is its symbol with {@code /} replaced by {@code .}; a thread's name is its Java name, else its OS name; a frame
 * counts when it is a Java frame ({@code javaFrame}, true when absent) whose method and class resolve; the top
 * application frame is the first such frame that is not hidden and whose class is not in a JDK package.
 */
final class ChunkObjects {
    static final Site UNKNOWN = Site.unknown();
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** The roles of a stack frame's fields in a {@link FrameLayout}. */
    private static final byte SKIP = 0;
    private static final byte SKIP_VARINT = 1;
    private static final byte METHOD = 2;
    private static final byte LINE = 3;
    private static final byte BCI = 4;
    private static final byte JAVA_FRAME = 5;

    private final ConstantPools pools;
    private final LongKeyMap<String> classNames = new LongKeyMap<>();
    private final LongKeyMap<Site> sites = new LongKeyMap<>();
    private final LongKeyMap<String> threadNames = new LongKeyMap<>();
    private final LongKeyMap<Object> methods = new LongKeyMap<>();
    private final LongKeyMap<Object> absent = new LongKeyMap<>();
    private JfrType layoutType;
    private FrameLayout layout;
    private final LastLookUp<String> lastClassName = new LastLookUp<>();
    private final LastLookUp<String> lastThreadName = new LastLookUp<>();
    private final LastLookUp<Site> lastSite = new LastLookUp<>();

    ChunkObjects(ConstantPools pools) {
        this.pools = pools;
    }

    ConstantPools pools() {
        return pools;
    }

    /** The name of the class {@code key} in the pool of {@code classType}, or null when the pool lacks it. */
    String className(JfrType classType, long key) {
        if (lastClassName.is(classType, key)) {
            return lastClassName.value;
        }
        String name = classNames.get(key);
        if (name == null && absent.get(key) != classType) {
            name = resolveClassName(classType, key);
            if (name == null) {
                absent.put(key, classType);
            } else {
                classNames.put(key, name);
            }
        }
        return lastClassName.remember(classType, key, name);
    }

    private String resolveClassName(JfrType classType, long key) {
        Object[] fields = struct(pools.value(classType, key));
        if (fields == null) {
            return null;
        }
        int name = classType.fieldIndex("name");
        if (name < 0) {
            throw new IllegalArgumentException("class type without a name");
        }
        String symbol = pools.string(classType.field(name), fields[name]);
        if (symbol == null) {
            throw new IllegalArgumentException("class without a name");
        }
        return symbol.replace('/', '.');
    }

    /** The Java name, else the OS name, of thread {@code key}; null when the pool lacks it or it has neither. */
    String threadName(JfrType threadType, long key) {
        if (lastThreadName.is(threadType, key)) {
            return lastThreadName.value;
        }
        String name = threadNames.get(key);
        if (name == null) {
            name = resolveThreadName(threadType, key);
            if (name == null) {
                return null;
            }
            threadNames.put(key, name);
        }
        return lastThreadName.remember(threadType, key, name);
    }

    private String resolveThreadName(JfrType threadType, long key) {
        Object[] fields = struct(pools.value(threadType, key));
        if (fields == null) {
            return null;
        }
        int javaName = threadType.fieldIndex("javaName");
        int osName = threadType.fieldIndex("osName");
        String name = javaName >= 0 ? pools.string(threadType.field(javaName), fields[javaName]) : null;
        if (name == null && osName >= 0) {
            name = pools.string(threadType.field(osName), fields[osName]);
        }
        return name;
    }

    /** The top application frame of stack trace {@code key}, or {@link #UNKNOWN} when there is none. */
    Site site(JfrType stackTraceType, long key) {
        if (lastSite.is(stackTraceType, key)) {
            return lastSite.value;
        }
        Site site = sites.get(key);
        if (site == null) {
            site = resolveSite(stackTraceType, key);
            sites.put(key, site);
        }
        return lastSite.remember(stackTraceType, key, site);
    }

    /**
     * Reads the stack trace in place, frame by frame, and stops at the first application frame: stack traces are
     * most of a chunk's constant pools, and decoding them whole would cost more than the events that use them.
     */
    private Site resolveSite(JfrType stackTraceType, long key) {
        ChunkInput input = pools.at(stackTraceType, key);
        if (input == null) {
            return UNKNOWN;
        }
        for (JfrField field : stackTraceType.fields) {
            if (field.name.equals("frames") && field.array && !field.constantPool) {
                return topApplicationFrame(input, field.type, input.readCount(1));
            }
            Values.skip(input, field);
        }
        return UNKNOWN;
    }

    private Site topApplicationFrame(ChunkInput input, JfrType frameType, int frames) {
        FrameLayout layout = frameLayout(frameType);
        if (layout == null) {
            return UNKNOWN;
        }
        List<JfrField> fields = frameType.fields;
        byte[] roles = layout.roles;
        for (int f = 0; f < frames; f++) {
            long methodKey = 0;
            boolean javaFrame = true;
            int line = -1;
            int bci = -1;
            for (int i = 0; i < roles.length; i++) {
                switch (roles[i]) {
                    case METHOD -> methodKey = input.readVarLong();
                    case LINE -> line = (int) input.readVarLong();
                    case BCI -> bci = (int) input.readVarLong();
                    case JAVA_FRAME -> javaFrame = input.readBoolean();
                    case SKIP_VARINT -> input.skipVarLong();
                    default -> Values.skip(input, fields.get(i));
                }
            }
            if (!javaFrame) {
                continue;
            }
            MethodInfo info = method(layout.methodType, methodKey);
            if (info != null && info.className != null && !isJdk(info.className) && !info.hidden) {
                return info.site(bci, line);
            }
        }
        return UNKNOWN;
    }

    /**
     * The last key looked up in one table and what it gave: the events of one thread's buffer follow each other,
     * and a busy allocation site's samples mostly share one stack trace and one class, so most look-ups repeat the
     * one before. Keys are per type, so it also remembers the type it was asked for with.
     */
    private static final class LastLookUp<V> {
        private JfrType type;
        private long key;
        V value;

        boolean is(JfrType type, long key) {
            return key == this.key && type == this.type;
        }

        V remember(JfrType type, long key, V value) {
            this.type = type;
            this.key = key;
            this.value = value;
            return value;
        }
    }

    /** What each field of a stack frame is, worked out once per frame type rather than per frame. */
    private record FrameLayout(byte[] roles, JfrType methodType) {
    }

    /** Null when frames have no method that is a constant-pool key: no frame can then be a site. */
    private FrameLayout frameLayout(JfrType frameType) {
        if (frameType == layoutType) {
            return layout;
        }
        byte[] roles = new byte[frameType.fields.size()];
        JfrType methodType = null;
        for (int i = 0; i < roles.length; i++) {
            JfrField field = frameType.fields.get(i);
            boolean scalar = !field.array && !field.constantPool;
            boolean varint = !field.array && (field.constantPool || field.type.kind == JfrType.Kind.VARINT);
            roles[i] = switch (field.name) {
                case "method" -> field.constantPool && !field.array ? METHOD : SKIP;
                case "lineNumber" -> scalar && varint ? LINE : SKIP;
                case "bytecodeIndex" -> scalar && varint ? BCI : SKIP;
                case "javaFrame" -> scalar && field.type.kind == JfrType.Kind.BOOLEAN ? JAVA_FRAME : SKIP;
                default -> varint ? SKIP_VARINT : SKIP;
            };
            if (roles[i] == METHOD) {
                methodType = field.type;
            }
        }
        layoutType = frameType;
        layout = methodType == null ? null : new FrameLayout(roles, methodType);
        return layout;
    }

    private MethodInfo method(JfrType methodType, long key) {
        Object cached = methods.get(key);
        if (cached != null) {
            return cached instanceof MethodInfo info ? info : null;
        }
        Object[] fields = struct(pools.value(methodType, key));
        MethodInfo info = null;
        if (fields != null) {
            int type = methodType.fieldIndex("type");
            int name = methodType.fieldIndex("name");
            int descriptor = methodType.fieldIndex("descriptor");
            int hidden = methodType.fieldIndex("hidden");
            String className = type >= 0 && fields[type] instanceof Long classKey
                    ? className(methodType.field(type).type, classKey) : null;
            info = new MethodInfo(className,
                    name >= 0 ? pools.string(methodType.field(name), fields[name]) : null,
                    descriptor >= 0 ? pools.string(methodType.field(descriptor), fields[descriptor]) : null,
                    hidden >= 0 && Boolean.TRUE.equals(fields[hidden]));
        }
        methods.put(key, info == null ? Boolean.FALSE : info);
        return info;
    }

    private static Object[] struct(Object value) {
        return value instanceof Object[] fields ? fields : null;
    }

    private static boolean isJdk(String className) {
        for (String prefix : JDK_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A method's names, and its sites by position: the stack traces whose top application frame is one bytecode of
     * this method share one {@link Site}, so that the analysis gets one object per site and chunk rather than one
     * per stack trace.
     */
    private static final class MethodInfo {
        final String className;
        final String name;
        final String descriptor;
        final boolean hidden;
        private LongKeyMap<Site> sites;

        MethodInfo(String className, String name, String descriptor, boolean hidden) {
            this.className = className;
            this.name = name;
            this.descriptor = descriptor;
            this.hidden = hidden;
        }

        Site site(int bci, int line) {
            if (sites == null) {
                sites = new LongKeyMap<>();
            }
            long position = (long) bci << 32 | (line & 0xFFFF_FFFFL);
            Site site = sites.get(position);
            if (site == null) {
                site = Site.of(className, name, descriptor, bci, line, null);
                sites.put(position, site);
            }
            return site;
        }
    }
}
