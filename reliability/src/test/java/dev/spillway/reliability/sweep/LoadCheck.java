package dev.spillway.reliability.sweep;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Links rewritten classes in a JVM started with {@code -Xverify:all}, next to the original classes, and prints one
 * line per class: {@code OK name}, {@code SAME name error} (the original does not link here either, e.g. an optional
 * dependency is missing, and the rewritten class fails the same way) or {@code FAIL name error}.
 *
 * <p>Linking is forced by asking for the class's declared constructors, which makes HotSpot link (and so verify)
 * the class without initialising it.
 *
 * <pre>{@code java -Xverify:all -cp <agent and these classes> dev.spillway.reliability.sweep.LoadCheck REWRITTEN_DIR JAR...}</pre>
 */
public final class LoadCheck {
    private LoadCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path rewritten = Path.of(args[0]);
        List<URL> library = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            library.add(Path.of(args[i]).toUri().toURL());
        }
        // The original classes see only the JDK; the rewritten ones also the agent's runtime, which they call.
        try (URLClassLoader originals = new URLClassLoader(library.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             URLClassLoader rewrittens = new Rewritten(rewritten, library.toArray(URL[]::new));
             Stream<Path> files = Files.walk(rewritten)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String relative = rewritten.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                String original = link(name, originals);
                String result = link(name, rewrittens);
                if (result == null) {
                    System.out.println("OK " + name);
                } else if (result.equals(original)) {
                    System.out.println("SAME " + name + " " + result);
                } else {
                    System.out.println("FAIL " + name + " " + result);
                }
            }
        }
    }

    /**
     * The library with its rewritten classes in place of the originals, defined directly: a sealed jar's packages
     * (xz's) would otherwise refuse classes from another location.
     */
    private static final class Rewritten extends URLClassLoader {
        private final Path directory;

        Rewritten(Path directory, URL[] library) {
            super(library, LoadCheck.class.getClassLoader());
            this.directory = directory;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Path file = directory.resolve(name.replace('.', '/') + ".class");
            if (!Files.isRegularFile(file)) {
                return super.findClass(name);
            }
            try {
                definePackageAsTheJarDoes(name);
                byte[] bytes = Files.readAllBytes(file);
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        /** Defines the class's package with the manifest (and so the sealing) of the jar that holds the original. */
        private void definePackageAsTheJarDoes(String className) throws IOException {
            int dot = className.lastIndexOf('.');
            if (dot < 0 || getDefinedPackage(className.substring(0, dot)) != null) {
                return;
            }
            String packageName = className.substring(0, dot);
            URL original = findResource(className.replace('.', '/') + ".class");
            if (original == null || !(original.openConnection() instanceof JarURLConnection jar)) {
                return;
            }
            Manifest manifest = jar.getManifest();
            if (manifest != null) {
                definePackage(packageName, manifest, jar.getJarFileURL());
            }
        }
    }

    private static String link(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader).getDeclaredConstructors();
            return null;
        } catch (Throwable e) {
            return String.valueOf(e).replace('\n', ' ');
        }
    }
}
