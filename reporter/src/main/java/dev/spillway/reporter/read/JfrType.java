package dev.spillway.reporter.read;

import java.util.ArrayList;
import java.util.List;

/**
 * A type the chunk's metadata declares: an event, a constant-pool type such as {@code jdk.types.StackTrace}, a
 * struct nested in another, an annotation, or a primitive. Its fields are in the order they are written.
 *
 * <p>A <em>simple</em> type has exactly one field and stands for that field's value (jdk.jfr reads a
 * {@code jdk.types.Symbol} as its string, for example); {@link #valueField()} says which.
 */
final class JfrType {
    /** How a value of this type is laid out. */
    enum Kind { BOOLEAN, BYTE, VARINT, FLOAT, DOUBLE, STRING, STRUCT }

    final long id;
    final String name;
    final String superType;
    final boolean simple;
    final List<JfrField> fields = new ArrayList<>();
    Kind kind = Kind.STRUCT;
    /**
     * For a struct whose fields are all scalars or constant-pool keys, the width of each field in bytes, 0 for a
     * varint; null otherwise. Lets such values (stack frames, most of a chunk's constant pools) be skipped in a
     * flat loop.
     */
    byte[] flatWidths;
    /** For a struct of varints only (a stack frame, for one), how many; 0 otherwise. */
    int varints;

    JfrType(long id, String name, String superType, boolean simple) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.simple = simple;
        kind = switch (name) {
            case "boolean" -> Kind.BOOLEAN;
            case "byte" -> Kind.BYTE;
            case "char", "short", "int", "long" -> Kind.VARINT;
            case "float" -> Kind.FLOAT;
            case "double" -> Kind.DOUBLE;
            case "java.lang.String" -> Kind.STRING;
            default -> Kind.STRUCT;
        };
    }

    /** Computes {@link #flatWidths}, once every field's type is known. */
    void layOut() {
        if (kind != Kind.STRUCT) {
            return;
        }
        byte[] widths = new byte[fields.size()];
        for (int i = 0; i < widths.length; i++) {
            JfrField field = fields.get(i);
            if (field.array) {
                return;
            }
            widths[i] = (byte) (field.constantPool ? 0 : switch (field.type.kind) {
                case VARINT -> 0;
                case BOOLEAN, BYTE -> 1;
                case FLOAT -> Float.BYTES;
                case DOUBLE -> Double.BYTES;
                case STRING, STRUCT -> -1;
            });
            if (widths[i] < 0) {
                return;
            }
        }
        flatWidths = widths;
        varints = widths.length;
        for (byte width : widths) {
            if (width != 0) {
                varints = 0;
            }
        }
    }

    boolean isEvent() {
        return "jdk.jfr.Event".equals(superType);
    }

    /** The index of the field called {@code fieldName}, or -1. */
    int fieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name.equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }

    JfrField field(int index) {
        return fields.get(index);
    }

    /** For a simple struct, the one field whose value it stands for; otherwise null. */
    JfrField valueField() {
        return simple && fields.size() == 1 ? fields.getFirst() : null;
    }

    @Override
    public String toString() {
        return name + "(" + id + ")";
    }
}
