package dev.spillway.reporter.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of one chunk, from its metadata event (type id 0): size, type id, start ticks, duration, metadata id,
 * a string table (a count, then strings in JFR's string encodings), and an element tree whose nodes are a name,
 * attributes and children, all as indexes into the string table. The tree's {@code metadata} node holds one
 * {@code class} element per type, with {@code field}, {@code annotation} and {@code setting} children.
 *
 * <p>Invariant: every field's {@link JfrField#type} is resolved; a field naming an undeclared type makes the
 * metadata unreadable rather than leaving a hole.
 */
final class Metadata {
    private static final int MAX_DEPTH = 32;

    private final byte[] body;
    private final LongKeyMap<JfrType> types = new LongKeyMap<>();
    private final Map<String, JfrType> byName = new HashMap<>();

    private Metadata(byte[] body) {
        this.body = body;
    }

    JfrType type(long typeId) {
        return types.get(typeId);
    }

    Collection<JfrType> types() {
        return byName.values();
    }

    /** The type called {@code name}, or null when this chunk does not declare it. */
    JfrType type(String name) {
        return byName.get(name);
    }

    /**
     * Reads the metadata event at the header's offset, or returns {@code previous} when the event's string table and
     * element tree are the same bytes. (jdk.jfr compares only the metadata id, which starts at 1 in every JVM, so a
     * file of two recordings of different JDKs would be read with the first one's types.)
     */
    static Metadata read(ChunkInput input, ChunkHeader header, Metadata previous) {
        input.position(header.metadataOffset());
        long size = input.readVarLong();
        long typeId = input.readVarLong();
        if (typeId != 0 || size <= 0) {
            throw new ChunkFormatException("no metadata event at the header's metadata offset " + header.metadataOffset());
        }
        input.readVarLong();
        input.readVarLong();
        input.readVarLong();
        long end = header.metadataOffset() + size;
        if (end > header.size()) {
            throw new ChunkFormatException("the metadata event declares " + size + " bytes, past the chunk's end");
        }
        long start = input.position();
        if (previous != null && input.matches(start, end, previous.body)) {
            return previous;
        }
        byte[] body = input.bytesAt(start, end);
        int count = input.readCount(1);
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = JfrStrings.read(input, null);
        }
        Element root = Element.read(input, strings, 0);
        Metadata metadata = new Metadata(body);
        metadata.declare(root);
        return metadata;
    }

    private void declare(Element root) {
        List<Element> classes = new ArrayList<>();
        for (Element child : root.children) {
            if (child.name.equals("metadata")) {
                for (Element type : child.children) {
                    if (type.name.equals("class")) {
                        classes.add(type);
                    }
                }
            }
        }
        for (Element element : classes) {
            JfrType type = new JfrType(element.longAttribute("id"), element.attribute("name"),
                    element.attribute("superType"), element.attribute("simpleType") != null);
            types.put(type.id, type);
            byName.put(type.name, type);
        }
        for (Element element : classes) {
            JfrType type = types.get(element.longAttribute("id"));
            for (Element child : element.children) {
                if (child.name.equals("field")) {
                    type.fields.add(field(child));
                }
            }
        }
        for (JfrType type : types()) {
            type.layOut();
        }
    }

    private JfrField field(Element element) {
        String dimension = element.attribute("dimension");
        JfrField field = new JfrField(element.attribute("name"), element.longAttribute("class"),
                dimension != null && !dimension.equals("0"), element.attribute("constantPool") != null);
        field.type = types.get(field.typeId);
        if (field.type == null || field.name == null) {
            throw new ChunkFormatException("the metadata declares field " + field.name + " of an undeclared type " + field.typeId);
        }
        for (Element annotation : element.children) {
            if (!annotation.name.equals("annotation")) {
                continue;
            }
            JfrType annotationType = types.get(annotation.longAttribute("class"));
            if (annotationType == null) {
                continue;
            }
            switch (annotationType.name) {
                case "jdk.jfr.Unsigned" -> field.unsigned = true;
                case "jdk.jfr.Timespan" -> field.timespanUnit = annotation.attribute("value");
                default -> {
                }
            }
        }
        return field;
    }

    /** A node of the metadata's element tree. */
    private record Element(String name, Map<String, String> attributes, List<Element> children) {

        static Element read(ChunkInput input, String[] strings, int depth) {
            if (depth > MAX_DEPTH) {
                throw new ChunkFormatException("the metadata's element tree is nested deeper than " + MAX_DEPTH);
            }
            String name = string(input, strings);
            int attributeCount = input.readCount(2);
            Map<String, String> attributes = new HashMap<>(attributeCount * 2);
            for (int i = 0; i < attributeCount; i++) {
                attributes.put(string(input, strings), string(input, strings));
            }
            int childCount = input.readCount(3);
            List<Element> children = new ArrayList<>(childCount);
            for (int i = 0; i < childCount; i++) {
                children.add(read(input, strings, depth + 1));
            }
            return new Element(name == null ? "" : name, attributes, children);
        }

        String attribute(String key) {
            return attributes.get(key);
        }

        long longAttribute(String key) {
            String value = attributes.get(key);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ChunkFormatException("the metadata's " + name + " element has " + key + "=" + value);
            }
        }

        private static String string(ChunkInput input, String[] strings) {
            int index = input.readVarInt();
            if (index < 0 || index >= strings.length) {
                throw new ChunkFormatException("the metadata refers to string " + index + " of " + strings.length);
            }
            return strings[index];
        }
    }
}
