package dev.spillway.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Class patterns")
class ClassPatternsTest {

    @Test
    @DisplayName("match as the README's configuration reference says")
    void matchAsDocumented() {
        ClassPatterns below = ClassPatterns.parse("com.acme.**");
        assertTrue(below.matches("com.acme.Foo"));
        assertTrue(below.matches("com.acme.io.deep.Bar$Inner"));
        assertFalse(below.matches("com.acme"));
        assertFalse(below.matches("com.acmex.Foo"));
        ClassPatterns readers = ClassPatterns.parse("com.acme.io.*Reader");
        assertTrue(readers.matches("com.acme.io.LineReader"));
        assertTrue(readers.matches("com.acme.io.Reader"));
        assertFalse(readers.matches("com.acme.io.LineReader$Buffer"));
        assertFalse(readers.matches("com.acme.io.sub.LineReader"));
        ClassPatterns between = ClassPatterns.parse("org.**.impl.*;net.example.Main");
        assertTrue(between.matches("org.impl.X"));
        assertTrue(between.matches("org.a.b.impl.Y"));
        assertFalse(between.matches("org.a.b.impl"));
        assertTrue(between.matches("net.example.Main"));
        assertFalse(between.matches("net.example.Main2"));
    }

    /**
     * Random patterns of every kind of segment against random names, some of them odd (empty segments, a dot at
     * either end): the same answers as the regular expression the patterns were matched with before
     * ({@link #regex}), where {@code *} is {@code [^.]*} and {@code **} is {@code (?:[^.]+\.)*}, or
     * {@code [^.]+(?:\.[^.]+)*} as the last segment.
     */
    @Test
    @DisplayName("match as their regular expressions do, on random patterns and names")
    void matchAsRegularExpressions() {
        Random random = new Random(7);
        String[] pieces = {"a", "b", "ab", "$", "*", "a*", "*b", "a*b", "*a*", "**"};
        int matched = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            StringBuilder pattern = new StringBuilder("x");
            for (int segments = random.nextInt(4); segments >= 0; segments--) {
                pattern.append('.').append(pieces[random.nextInt(pieces.length)]);
            }
            ClassPatterns patterns = ClassPatterns.parse(pattern.toString());
            Pattern oracle = regex(pattern.toString());
            for (int name = 0; name < 40; name++) {
                String className = randomName(random);
                boolean expected = oracle.matcher(className).matches();
                assertEquals(expected, patterns.matches(className), pattern + " against " + className);
                matched += expected ? 1 : 0;
            }
        }
        assertTrue(matched > 5_000, matched + " matches: the names hardly ever match, so the test says little");
    }

    private static String randomName(Random random) {
        String[] pieces = {"a", "b", "ab", "ba", "$", "a$b", "", "aab", "bb"};
        StringBuilder name = new StringBuilder(random.nextInt(10) == 0 ? "" : "x");
        for (int segments = random.nextInt(5); segments >= 0; segments--) {
            name.append('.').append(pieces[random.nextInt(pieces.length)]);
        }
        if (random.nextInt(15) == 0) {
            name.append('.');
        }
        return name.toString();
    }

    /** The regular expression a pattern stood for until patterns were matched segment by segment. */
    private static Pattern regex(String pattern) {
        String[] segments = pattern.split("\\.", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (segments[i].equals("**")) {
                regex.append(last ? "[^.]+(?:\\.[^.]+)*" : "(?:[^.]+\\.)*");
                continue;
            }
            for (char c : segments[i].toCharArray()) {
                regex.append(c == '*' ? "[^.]*" : c == '$' ? "\\$" : String.valueOf(c));
            }
            if (!last) {
                regex.append("\\.");
            }
        }
        return Pattern.compile(regex.toString());
    }
}
