package dev.spillway.reliability.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class files of one sweep input, by internal name: a jar, or a module of the running JDK ({@code jrt:/java.base}).
 * Multi-release variants under {@code META-INF/versions} and {@code module-info} are left out: the base class of
 * the same name is the one every JVM can load.
 */
final class ClassFiles {
    private ClassFiles() {
    }

    static SortedMap<String, byte[]> read(String input) {
        try {
            return input.startsWith("jrt:/") ? readModule(input.substring("jrt:/".length())) : readJar(Path.of(input));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        }
    }

    private static SortedMap<String, byte[]> readJar(Path jar) throws IOException {
        SortedMap<String, byte[]> classes = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (isClass(name) && !name.startsWith("META-INF/")) {
                    classes.put(name.substring(0, name.length() - ".class".length()),
                            zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        return classes;
    }

    private static SortedMap<String, byte[]> readModule(String module) throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path root = jrt.getPath("/modules", module);
        SortedMap<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> isClass(file.toString())).forEach(file -> {
                String name = root.relativize(file).toString();
                try {
                    classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return classes;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class");
    }
}
