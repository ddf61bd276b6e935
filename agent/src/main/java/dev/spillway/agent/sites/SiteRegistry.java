package dev.spillway.agent.sites;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every site the agent has found, numbered in the order found.
 *
 * <p>Registration is idempotent by {@link Site#id()}: a class that is transformed again (retransformation,
 * detach and attach) keeps its sites' numbers and counters. Lookup by number is a read of a published array,
 * because rewritten code does it on every allocation.
 */
public final class SiteRegistry {
    private final Map<String, Integer> indexById = new HashMap<>();
    private final List<Consumer<SiteEntry>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SiteEntry>> decisionListeners = new CopyOnWriteArrayList<>();
    private volatile SiteEntry[] entries = new SiteEntry[0];

    /**
     * Registers a site, or updates the decision of a site registered before.
     *
     * @return the site's number
     */
    public int register(Site site, SiteDecision decision) {
        synchronized (this) {
            Integer known = indexById.get(site.id());
            SiteEntry[] current = entries;
            if (known != null) {
                SiteEntry old = current[known];
                if (!old.decision().equals(decision) || !old.site().equals(site)) {
                    SiteEntry changed = new SiteEntry(known, site, decision, old.counters());
                    SiteEntry[] updated = current.clone();
                    updated[known] = changed;
                    entries = updated;
                    if (!old.decision().equals(decision)) {
                        for (Consumer<SiteEntry> listener : decisionListeners) {
                            listener.accept(changed);
                        }
                    }
                }
                return known;
            }
            int index = current.length;
            SiteEntry added = new SiteEntry(index, site, decision, new SiteCounters());
            SiteEntry[] grown = Arrays.copyOf(current, index + 1);
            grown[index] = added;
            indexById.put(site.id(), index);
            entries = grown;
            // Under the lock, so that forEachSite sees each site exactly once.
            for (Consumer<SiteEntry> listener : listeners) {
                listener.accept(added);
            }
            return index;
        }
    }

    /** The site numbered {@code index}, or null when there is none. */
    public SiteEntry entry(int index) {
        SiteEntry[] current = entries;
        return index >= 0 && index < current.length ? current[index] : null;
    }

    /** All sites, in the order found. */
    public List<SiteEntry> entries() {
        return List.of(entries);
    }

    /** Number of sites. */
    public int size() {
        return entries.length;
    }

    /**
     * Calls {@code listener} for every site registered so far and then for every new one, on the registering
     * thread.
     */
    public synchronized void forEachSite(Consumer<SiteEntry> listener) {
        for (SiteEntry entry : entries) {
            listener.accept(entry);
        }
        listeners.add(listener);
    }

    /**
     * Calls {@code listener} with the updated entry whenever the decision of a registered site changes (for
     * example when {@code verify=true} observes an escape), on the registering thread and in the order of the
     * changes.
     */
    public synchronized void onDecisionChange(Consumer<SiteEntry> listener) {
        decisionListeners.add(listener);
    }
}
