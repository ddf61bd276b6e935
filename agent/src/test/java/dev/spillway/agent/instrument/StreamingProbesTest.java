package dev.spillway.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spillway.agent.sites.SiteEntry;
import dev.spillway.agent.sites.SiteFinder;
import dev.spillway.agent.sites.SiteRegistry;
import dev.spillway.agent.sites.Verdict;
import dev.spillway.agent.testing.ClassFiles;
import dev.spillway.fixtures.corpus.NoSites;
import dev.spillway.fixtures.corpus.Shapes;
import dev.spillway.fixtures.corpus.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Profile mode's one-pass rewrite against the tree rewrite it replaced on the loading thread ({@link SitePass} with
 * decisions taken at once): on the test corpus and on real bytecode, the same sites registered in the same order,
 * and the same class, instruction for instruction, but for the maximum stack, which the one pass raises by the
 * probe's two values rather than computing it.
 */
@DisplayName("The one-pass profile rewrite")
class StreamingProbesTest {
    private static final TypeHierarchy HIERARCHY = TypeHierarchy.of(StreamingProbesTest.class.getClassLoader());

    @Test
    @DisplayName("rewrites the test corpus as the tree rewrite does")
    void corpusAsTheTreeRewrite() {
        for (Class<?> type : List.of(Workload.class, Shapes.class)) {
            assertSameAsTree(type.getName(), ClassFiles.of(type));
        }
        assertNull(StreamingProbes.rewrite(ClassFiles.of(NoSites.class), new SiteRegistry()));
    }

    /**
     * Every class of {@code java.io}, {@code java.nio}, {@code java.util.zip} and {@code java.net} that has a site, as
     * real compilers wrote them (lambdas, switches, try/finally, synchronized blocks, constructors, long methods).
     */
    @Test
    @DisplayName("rewrites JDK classes with sites as the tree rewrite does")
    void realBytecodeAsTheTreeRewrite() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes = new ArrayList<>();
        for (String pkg : List.of("java/io", "java/nio", "java/util/zip", "java/net")) {
            try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base", pkg))) {
                files.filter(path -> path.toString().endsWith(".class")).forEach(classes::add);
            }
        }
        int withSites = 0;
        for (Path path : classes) {
            byte[] classFile = Files.readAllBytes(path);
            if (SiteFinder.mayHaveSites(classFile) && !SiteFinder.find(classFile).sites().isEmpty()) {
                assertSameAsTree(path.toString(), classFile);
                withSites++;
            }
        }
        assertTrue(withSites >= 30, withSites + " classes with sites: too few to say much");
    }

    private static void assertSameAsTree(String name, byte[] classFile) {
        SiteRegistry treeSites = new SiteRegistry();
        byte[] tree = new SitePass(treeSites, SiteDecider.profileOnly(), Verdict.PROFILED).apply(classFile, HIERARCHY);
        SiteRegistry streamSites = new SiteRegistry();
        byte[] stream = StreamingProbes.rewrite(classFile, streamSites);
        assertEquals(sites(treeSites), sites(streamSites), name);
        assertEquals(withoutMaxStack(text(tree)), withoutMaxStack(text(stream)), name);
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(stream), StreamingProbesTest.class.getClassLoader(), false,
                new PrintWriter(problems));
        assertEquals("", problems.toString(), name);
    }

    private static List<String> sites(SiteRegistry registry) {
        return registry.entries().stream().map(SiteEntry::site).map(Object::toString).toList();
    }

    private static String text(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        return text.toString();
    }

    private static String withoutMaxStack(String text) {
        return text.replaceAll("(?m)^\\s*MAXSTACK = \\d+$", "");
    }
}
