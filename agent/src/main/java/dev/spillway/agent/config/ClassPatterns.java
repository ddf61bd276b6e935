package dev.spillway.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A set of class name patterns, as written in {@code designate} and {@code exclude}.
 *
 * <p>A pattern is a binary class name with dots in which a segment may contain {@code *} (any characters
 * except {@code .}) and a whole segment may be {@code **} (any number of segments, at least one when it is
 * the last segment). {@code com.acme.**} matches every class below {@code com.acme}; {@code
 * com.acme.io.*Reader} matches {@code com.acme.io.LineReader} and its nested classes' outer names only when
 * they end with {@code Reader}. Patterns are separated by {@code ;}.
 *
 * <p>Invariant: every pattern is well formed and names no JDK package (see {@link #JDK_PACKAGES}); classes
 * of the JDK are never instrumented, and a pattern that asks for them is refused rather than ignored.
 */
public final class ClassPatterns {
    /** Package prefixes that belong to the JDK and cannot be designated. */
    public static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private static final ClassPatterns NONE = new ClassPatterns(List.of(), List.of());
    /** The segment that stands for any number of segments. */
    private static final String ANY_SEGMENTS = "**";

    private final List<String> sources;
    /**
     * Each pattern's segments, matched segment by segment rather than as a regular expression: the transformer asks
     * for every class the JVM loads, and compiling a regular expression in {@code premain} would bring
     * {@code java.util.regex} into the application's start-up.
     */
    private final List<String[]> compiled;

    private ClassPatterns(List<String> sources, List<String[]> compiled) {
        this.sources = sources;
        this.compiled = compiled;
    }

    /** The empty set: matches no class. */
    public static ClassPatterns none() {
        return NONE;
    }

    /**
     * Parses {@code ;}-separated patterns; blank entries between separators are not allowed.
     *
     * @throws IllegalArgumentException with a message fit for the user when a pattern is malformed
     */
    public static ClassPatterns parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return NONE;
        }
        List<String> sources = new ArrayList<>();
        List<String[]> compiled = new ArrayList<>();
        for (String raw : trimmed.split(";", -1)) {
            String pattern = raw.strip();
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("empty pattern between ';' separators");
            }
            compiled.add(compile(pattern));
            sources.add(pattern);
        }
        return new ClassPatterns(List.copyOf(sources), List.copyOf(compiled));
    }

    private static String[] compile(String pattern) {
        if (pattern.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + pattern + "' uses '/': write class names with dots, e.g. com.acme.**");
        }
        String literal = literalPrefix(pattern);
        for (String jdk : JDK_PACKAGES) {
            if ((literal + ".").startsWith(jdk) || literal.startsWith(jdk)) {
                throw new IllegalArgumentException("'" + pattern + "' names JDK classes (" + jdk + "*); "
                        + "the agent never instruments the JDK");
            }
        }
        String[] segments = pattern.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("'" + pattern + "' has an empty name segment");
            }
            if (segment.equals(ANY_SEGMENTS)) {
                segments[i] = ANY_SEGMENTS;
                continue;
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c == '*') {
                    if (j + 1 < segment.length() && segment.charAt(j + 1) == '*') {
                        throw new IllegalArgumentException("'" + pattern + "': '**' must be a whole segment");
                    }
                } else if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
                    throw new IllegalArgumentException("'" + pattern + "' contains '" + c
                            + "', which cannot occur in a class name");
                }
            }
        }
        return segments;
    }

    /**
     * Whether {@code name} from {@code from} on matches {@code segments} from {@code s} on. {@code from} is -1 once the
     * name's last segment is matched. A wildcard segment matches one name segment, its {@code *} any run of
     * characters; {@code **} matches any number of non-empty segments, at least one when it is the last.
     */
    private static boolean matches(String[] segments, int s, String name, int from) {
        if (s == segments.length) {
            return from < 0;
        }
        String segment = segments[s];
        if (segment == ANY_SEGMENTS) {
            if (s == segments.length - 1) {
                return from >= 0 && nonEmptySegments(name, from);
            }
            for (int at = from; ; ) {
                if (matches(segments, s + 1, name, at)) {
                    return true;
                }
                int dot = at < 0 ? -1 : name.indexOf('.', at);
                if (dot <= at) {
                    return false;
                }
                at = dot + 1;
            }
        }
        if (from < 0) {
            return false;
        }
        int dot = name.indexOf('.', from);
        return wildcard(segment, name, from, dot < 0 ? name.length() : dot)
                && matches(segments, s + 1, name, dot < 0 ? -1 : dot + 1);
    }

    /** Whether {@code name} from {@code from} on is one or more segments, none of them empty. */
    private static boolean nonEmptySegments(String name, int from) {
        if (from >= name.length() || name.charAt(from) == '.' || name.charAt(name.length() - 1) == '.') {
            return false;
        }
        return name.indexOf("..", from) < 0;
    }

    /** Whether {@code name[from, end)} matches {@code segment}, whose {@code *} stands for any run of characters. */
    private static boolean wildcard(String segment, String name, int from, int end) {
        int p = 0;
        int n = from;
        int star = -1;
        int starMatch = 0;
        while (n < end) {
            if (p < segment.length() && segment.charAt(p) != '*' && segment.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (p < segment.length() && segment.charAt(p) == '*') {
                star = p++;
                starMatch = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++starMatch;
            } else {
                return false;
            }
        }
        while (p < segment.length() && segment.charAt(p) == '*') {
            p++;
        }
        return p == segment.length();
    }

    private static String literalPrefix(String pattern) {
        int wildcard = pattern.indexOf('*');
        return (wildcard < 0 ? pattern : pattern.substring(0, wildcard)).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code className} (binary name with dots) matches one of the patterns. */
    public boolean matches(String className) {
        for (String[] segments : compiled) {
            if (matches(segments, 0, className, 0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the patterns starts with {@code prefix} literally, i.e. asks for that package by name. */
    public boolean namesPackage(String prefix) {
        for (String source : sources) {
            if (source.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether there is no pattern. */
    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The patterns as written. */
    public List<String> patterns() {
        return sources;
    }

    /** The patterns joined with {@code ;}, as in the option. */
    @Override
    public String toString() {
        return String.join(";", sources);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassPatterns that && sources.equals(that.sources);
    }

    @Override
    public int hashCode() {
        return sources.hashCode();
    }
}
