package dev.spillway.reporter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.Configuration;

/**
 * The recording settings of {@code run} and {@code attach}: the JDK's {@code default} settings, with Spillway's
 * {@code spillway.jfc} on top (allocation samples and outside-TLAB allocations with stack traces, every GC event
 * without threshold, and the {@code dev.spillway.*} events).
 */
final class JfrSettings {
    private static final String RESOURCE = "/dev/spillway/reporter/cli/spillway.jfc";

    private JfrSettings() {
    }

    /** {@code event#setting → value}, as {@code FlightRecorderMXBean.setRecordingSettings} takes them. */
    static Map<String, String> merged() {
        try {
            Map<String, String> settings = new LinkedHashMap<>(Configuration.getConfiguration("default").getSettings());
            settings.putAll(spillway().getSettings());
            return settings;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read the JFR settings: " + e.getMessage(), e);
        }
    }

    /** Writes the merged settings as a {@code .jfc} file for {@code -XX:StartFlightRecording:settings=}. */
    static Path write(Path file) throws IOException {
        Map<String, Map<String, String>> byEvent = new TreeMap<>();
        merged().forEach((key, value) -> {
            int hash = key.indexOf('#');
            if (hash > 0) {
                byEvent.computeIfAbsent(key.substring(0, hash), k -> new TreeMap<>()).put(key.substring(hash + 1), value);
            }
        });
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by spillway: the JDK's default settings with Spillway's on top. -->
                <configuration version="2.0" label="Spillway" description="Spillway profiling session" provider="Spillway">
                """);
        byEvent.forEach((event, settings) -> {
            xml.append("  <event name=\"").append(xmlText(event)).append("\">\n");
            settings.forEach((name, value) -> xml.append("    <setting name=\"").append(xmlText(name)).append("\">")
                    .append(xmlText(value)).append("</setting>\n"));
            xml.append("  </event>\n");
        });
        xml.append("</configuration>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static Configuration spillway() throws IOException, ParseException {
        try (InputStream in = JfrSettings.class.getResourceAsStream(RESOURCE);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Configuration.create(reader);
        }
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
