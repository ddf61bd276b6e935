package dev.spillway.agent.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Finds the bytecode of a class by its internal name ({@code com/acme/Foo}). The analysis uses it to
 * read the callees it analyses and the JDK supertypes it checks against the whitelist; a class it
 * cannot find is treated as unknown, which only ever makes a verdict more conservative.
 *
 * <p>Implementations must be thread-safe and must return a node the caller may keep (not one that
 * something else goes on mutating).
 */
@FunctionalInterface
public interface ClassResolver {

    /** The class named {@code internalName}, or empty when it cannot be found. */
    Optional<ClassNode> resolve(String internalName);

    /**
     * Reads {@code name.class} resources of {@code loader} (JDK classes come from its parents); a null
     * {@code loader}, as instrumentation reports the boot loader, reads through the system class loader.
     */
    static ClassResolver ofClassLoader(ClassLoader nullableLoader) {
        ClassLoader loader = nullableLoader != null ? nullableLoader : ClassLoader.getSystemClassLoader();
        return ofBytes(internalName -> {
            try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Parses the class files {@code classBytes} finds. */
    static ClassResolver ofBytes(Function<String, Optional<byte[]>> classBytes) {
        return internalName -> classBytes.apply(internalName).map(bytes -> {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
            return node;
        });
    }
}
