package dev.spillway.reporter.render;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer. Strings escape {@code <}, {@code >}, {@code &} and the line separators as
 * {@code \\uXXXX} as well, so the output can be inlined in an HTML {@code <script>} block as it is: a class or
 * thread name holding {@code </script>} cannot end the block.
 */
public final class JsonWriter {
    private final StringBuilder out;
    private final Deque<boolean[]> firstInScope = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter() {
        this(new StringBuilder());
    }

    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    public JsonWriter beginObject() {
        separator();
        out.append('{');
        firstInScope.push(new boolean[]{true});
        return this;
    }

    public JsonWriter endObject() {
        firstInScope.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        separator();
        out.append('[');
        firstInScope.push(new boolean[]{true});
        return this;
    }

    public JsonWriter endArray() {
        firstInScope.pop();
        out.append(']');
        return this;
    }

    public JsonWriter name(String name) {
        separator();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        separator();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        separator();
        out.append(value);
        return this;
    }

    public JsonWriter value(double value) {
        separator();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        return this;
    }

    public JsonWriter value(boolean value) {
        separator();
        out.append(value);
        return this;
    }

    public JsonWriter value(Boolean value) {
        return value == null ? nullValue() : value(value.booleanValue());
    }

    public JsonWriter nullValue() {
        separator();
        out.append("null");
        return this;
    }

    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separator() {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] first = firstInScope.peek();
        if (first != null) {
            if (!first[0]) {
                out.append(',');
            }
            first[0] = false;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(c);
                default -> {
                    if (c < 0x20) {
                        unicode(c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append("\\u").append(String.format("%04x", (int) c));
    }
}
