package dev.spillway.reliability.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The totals of an agent's {@code sites.json} (format {@code spillway-sites/1}, docs/EVENTS.md), read as a user
 * would read the file: over every site object.
 */
public record Sites(int sites, int redirectedSites, long allocations, long redirectedAllocations,
        long redirectedBytes, long fallbackAllocations, int escapeObserved) {

    private static final Pattern SITE = Pattern.compile("\\{[^{}]*\"site\"\\s*:[^{}]*}");

    public static Sites read(Path sitesJson) throws IOException {
        if (!Files.isRegularFile(sitesJson)) {
            throw new IOException("the agent wrote no " + sitesJson);
        }
        String json = Files.readString(sitesJson);
        int sites = 0;
        int redirectedSites = 0;
        int escapes = 0;
        long allocations = 0;
        long redirectedAllocations = 0;
        long redirectedBytes = 0;
        long fallbacks = 0;
        Matcher site = SITE.matcher(json);
        while (site.find()) {
            String object = site.group();
            sites++;
            if (string(object, "verdict").startsWith("REDIRECTED_")) {
                redirectedSites++;
            }
            if ("escape-observed".equals(string(object, "reason"))) {
                escapes++;
            }
            allocations += number(object, "allocations");
            redirectedAllocations += number(object, "redirectedAllocations");
            redirectedBytes += number(object, "redirectedBytes");
            fallbacks += number(object, "fallbackAllocations");
        }
        return new Sites(sites, redirectedSites, allocations, redirectedAllocations, redirectedBytes, fallbacks,
                escapes);
    }

    private static String string(String object, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(object);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static long number(String object, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(object);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
