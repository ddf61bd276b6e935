package dev.spillway.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * A {@link TypeHierarchy} over the {@code .class} resources of one class loader: only each class file's header
 * (super class, interfaces, flags) is read, and kept, so nothing is loaded or linked. Thread-safe.
 */
final class ClassFileHierarchy implements TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    /** What a class file says about its place in the hierarchy. */
    private record Header(String superName, List<String> interfaces, boolean isInterface) {
    }

    private final ClassLoader loader;
    private final Map<String, Header> headers = new ConcurrentHashMap<>();

    /** @param loader whose resources are read; null reads the bootstrap loader's through the system loader */
    ClassFileHierarchy(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public String commonSuperClass(String type1, String type2) {
        if (isAssignable(type1, type2)) {
            return type1;
        }
        if (isAssignable(type2, type1)) {
            return type2;
        }
        if (header(type1).isInterface() || header(type2).isInterface()) {
            return OBJECT;
        }
        String common = type1;
        do {
            common = header(common).superName();
            if (common == null) {
                return OBJECT;
            }
        } while (!isAssignable(common, type2));
        return common;
    }

    /** Whether a value of type {@code from} is one of {@code to}: {@code to} is {@code from} or one of its supertypes. */
    private boolean isAssignable(String to, String from) {
        Deque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(from);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (name.equals(to)) {
                return true;
            }
            if (seen.add(name)) {
                Header header = header(name);
                if (header.superName() != null) {
                    pending.add(header.superName());
                }
                pending.addAll(header.interfaces());
            }
        }
        return false;
    }

    private Header header(String internalName) {
        return headers.computeIfAbsent(internalName, this::read);
    }

    private Header read(String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new TypeNotPresentException(internalName.replace('/', '.'), null);
            }
            ClassReader reader = new ClassReader(in);
            return new Header(reader.getSuperName(), List.of(reader.getInterfaces()),
                    (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
