package dev.spillway.samples.relay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relay's cache of downloaded objects: least recently used first out, bounded in bytes.
 *
 * <p>Its arrays outlive the request that fetched them, which is exactly why the agent must leave
 * the allocation site that fills it alone; the report shows that site as kept.
 */
final class ResponseCache {

    private final long capacityBytes;
    private final LinkedHashMap<Long, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long sizeBytes;

    ResponseCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    synchronized byte[] get(long object) {
        return entries.get(object);
    }

    /** Keeps {@code body} unless it alone exceeds the capacity; evicts the coldest entries to make room. */
    synchronized void put(long object, byte[] body) {
        if (body.length > capacityBytes) {
            return;
        }
        byte[] previous = entries.put(object, body);
        sizeBytes += body.length - (previous == null ? 0 : previous.length);
        var coldest = entries.entrySet().iterator();
        while (sizeBytes > capacityBytes && coldest.hasNext()) {
            Map.Entry<Long, byte[]> entry = coldest.next();
            if (entry.getKey() != object) {
                sizeBytes -= entry.getValue().length;
                coldest.remove();
            }
        }
    }

    synchronized long sizeBytes() {
        return sizeBytes;
    }
}
