package dev.spillway.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

    private final List<String> sources;
    private final List<Pattern> compiled;

    private ClassPatterns(List<String> sources, List<Pattern> compiled) {
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
        List<Pattern> compiled = new ArrayList<>();
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

    private static Pattern compile(String pattern) {
        if (pattern.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + pattern + "' uses '/': write class names with dots, e.g. com.acme.**");
        }
        for (String jdk : JDK_PACKAGES) {
            String literal = literalPrefix(pattern);
            if ((literal + ".").startsWith(jdk) || literal.startsWith(jdk)) {
                throw new IllegalArgumentException("'" + pattern + "' names JDK classes (" + jdk + "*); "
                        + "the agent never instruments the JDK");
            }
        }
        String[] segments = pattern.split("\\.", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("'" + pattern + "' has an empty name segment");
            }
            if (segment.equals("**")) {
                regex.append(last ? "[^.]+(?:\\.[^.]+)*" : "(?:[^.]+\\.)*");
                continue;
            }
            for (int j = 0; j < segment.length(); j++) {
                char c = segment.charAt(j);
                if (c == '*') {
                    if (j + 1 < segment.length() && segment.charAt(j + 1) == '*') {
                        throw new IllegalArgumentException("'" + pattern + "': '**' must be a whole segment");
                    }
                    regex.append("[^.]*");
                } else if (Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c)) {
                    regex.append(c == '$' ? "\\$" : String.valueOf(c));
                } else {
                    throw new IllegalArgumentException("'" + pattern + "' contains '" + c
                            + "', which cannot occur in a class name");
                }
            }
            if (!last) {
                regex.append("\\.");
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String literalPrefix(String pattern) {
        int wildcard = pattern.indexOf('*');
        return (wildcard < 0 ? pattern : pattern.substring(0, wildcard)).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code className} (binary name with dots) matches one of the patterns. */
    public boolean matches(String className) {
        for (Pattern pattern : compiled) {
            if (pattern.matcher(className).matches()) {
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
