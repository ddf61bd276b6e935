package dev.spillway.reliability.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Supertypes of classes read from class files, without loading them: the library's own classes, its companions,
 * then the running JDK. A class found nowhere is {@linkplain Optional#empty() unknown}, which the verifier reports
 * instead of guessing.
 */
final class ClassHierarchy {
    /** One class's place in the hierarchy. */
    record Node(String name, String superName, List<String> interfaces, boolean isInterface) {}

    private final List<Map<String, byte[]>> sources;
    private final Map<String, Optional<Node>> nodes = new ConcurrentHashMap<>();

    ClassHierarchy(List<Map<String, byte[]>> sources) {
        this.sources = List.copyOf(sources);
    }

    Optional<Node> node(String internalName) {
        return nodes.computeIfAbsent(internalName, this::read);
    }

    /** Whether {@code sub} is {@code sup} or below it; null when part of the way is unknown. */
    Boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java/lang/Object")) {
            return true;
        }
        Optional<Node> node = node(sub);
        if (node.isEmpty()) {
            return null;
        }
        boolean unknown = false;
        for (String parent : parents(node.get())) {
            Boolean found = isSubtype(parent, sup);
            if (Boolean.TRUE.equals(found)) {
                return true;
            }
            unknown |= found == null;
        }
        return unknown ? null : false;
    }

    private static List<String> parents(Node node) {
        return node.superName() == null ? node.interfaces()
                : Stream.concat(Stream.of(node.superName()), node.interfaces().stream()).toList();
    }

    private Optional<Node> read(String internalName) {
        for (Map<String, byte[]> source : sources) {
            byte[] bytes = source.get(internalName);
            if (bytes != null) {
                return Optional.of(node(bytes));
            }
        }
        try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? Optional.empty() : Optional.of(node(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node node(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        return new Node(reader.getClassName(), reader.getSuperName(), List.of(reader.getInterfaces()),
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
    }
}
