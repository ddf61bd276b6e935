package dev.spillway.reporter.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The page around a report or a comparison: styles, the chart library, the data and the script, all inline so
 * that the file works offline and can be mailed or attached to a CI run.
 */
final class Html {
    private static final String ECHARTS_PROPERTIES = "META-INF/maven/org.webjars/echarts/pom.properties";
    private static final String ECHARTS_SCRIPT = "META-INF/resources/webjars/echarts/%s/echarts.min.js";

    private Html() {
    }

    /** Escapes text from a recording for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * @param json the model as JSON from {@link JsonWriter}, whose escaping of {@code <} keeps it inside its
     *             script block
     */
    static String page(String title, String header, String body, String json) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                %s</style>
                <script>
                window.addEventListener("error", function (e) {
                  document.body && document.body.setAttribute("data-error", String(e.message || e));
                });
                </script>
                </head>
                <body>
                <header>%s</header>
                <main>
                %s
                </main>
                <script>%s</script>
                <script type="application/json" id="spillway-data">%s</script>
                <script>
                %s</script>
                </body>
                </html>
                """.formatted(escape(title), resource("report.css"), header, body, chartLibrary(), json, resource("report.js"));
    }

    static String honestLimits() {
        return """
                <section class="limits" id="limits">
                <h2>What the redirect does, and what it does not</h2>
                <ul>
                <li>A <code>byte[]</code> object always lives on the Java heap in HotSpot.</li>
                <li><code>ByteBuffer.allocate/allocateDirect</code> sites that do not escape and never call <code>array()</code> get
                <b>off-heap</b> memory from the allocator (a direct buffer over an allocator segment), returned when the method exits.</li>
                <li><code>new byte[n]</code> sites that do not escape get a <b>recycled</b> array from the allocator's
                <code>ByteArrayRecycler</code>, returned when the method exits. That removes the allocation (and, for arrays of half a
                G1 region or more, the humongous allocation and the collection it can trigger), not the array's residence on the heap.</li>
                <li>Everything else is <b>profiled</b>, with a verdict that says why it stays, so that a person can move it to the
                allocator's API by hand.</li>
                <li>GC time per site is an <b>attribution</b>, not a measurement: see docs/REPORT.md for the model.</li>
                </ul>
                </section>
                """;
    }

    private static String chartLibrary() {
        Properties properties = new Properties();
        try (InputStream in = Html.class.getClassLoader().getResourceAsStream(ECHARTS_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the chart library (org.webjars:echarts) is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String script = classPathText(ECHARTS_SCRIPT.formatted(properties.getProperty("version")));
        return script.replace("</script", "<\\/script");
    }

    private static String resource(String name) {
        return classPathText("dev/spillway/reporter/render/" + name);
    }

    private static String classPathText(String path) {
        try (InputStream in = Html.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
