package dev.spillway.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the class files of test classes from the test class path. */
public final class ClassFiles {
    private ClassFiles() {}

    public static byte[] of(Class<?> type) {
        return of(type.getName(), type.getClassLoader());
    }

    public static byte[] of(String className, ClassLoader loader) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + className);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
