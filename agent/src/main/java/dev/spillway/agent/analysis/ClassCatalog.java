package dev.spillway.agent.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** The classes the analysis has read through its {@link ClassResolver}, cached. Thread-safe. */
final class ClassCatalog {

    /** A method and the class that declares it. */
    record Declared(ClassNode owner, MethodNode method) {
    }

    private final ClassResolver resolver;
    private final ConcurrentMap<String, Optional<ClassNode>> classes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Boolean> subtypes = new ConcurrentHashMap<>();

    ClassCatalog(ClassResolver resolver) {
        this.resolver = resolver;
    }

    Optional<ClassNode> find(String internalName) {
        Optional<ClassNode> cached = classes.get(internalName);
        if (cached != null) {
            return cached;
        }
        Optional<ClassNode> found;
        try {
            found = resolver.resolve(internalName);
        } catch (RuntimeException unreadable) {
            // An unreadable class is an unknown class: the caller falls back to the conservative answer.
            found = Optional.empty();
        }
        classes.putIfAbsent(internalName, found);
        return found;
    }

    /**
     * Whether {@code type} is {@code supertype} or inherits from it. False when part of the hierarchy
     * cannot be read, since then it cannot be shown.
     */
    boolean isSubtype(String type, String supertype) {
        if (type.equals(supertype)) {
            return true;
        }
        return subtypes.computeIfAbsent(type + ' ' + supertype, key -> searchSupertypes(type, supertype));
    }

    private boolean searchSupertypes(String type, String supertype) {
        Deque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (name.equals(supertype)) {
                return true;
            }
            if (!seen.add(name)) {
                continue;
            }
            Optional<ClassNode> node = find(name);
            if (node.isEmpty()) {
                continue;
            }
            if (node.get().superName != null) {
                pending.add(node.get().superName);
            }
            pending.addAll(node.get().interfaces);
        }
        return false;
    }

    /**
     * The method {@code name desc} as resolution finds it from {@code start} up the superclass chain
     * (JVMS 5.4.3.3 without the superinterface step, which only finds methods that are never statically bound).
     */
    Optional<Declared> findInSuperclasses(ClassNode start, String name, String desc) {
        ClassNode current = start;
        Set<String> seen = new HashSet<>();
        while (current != null && seen.add(current.name)) {
            for (MethodNode method : current.methods) {
                if (method.name.equals(name) && method.desc.equals(desc)) {
                    return Optional.of(new Declared(current, method));
                }
            }
            current = current.superName == null ? null : find(current.superName).orElse(null);
        }
        return Optional.empty();
    }
}
