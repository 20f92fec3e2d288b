package dev.offlineaccess.logout;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded map whose entries expire. When full, a new entry first pushes out expired entries from the oldest end,
 * then the oldest entry, expired or not: entries are put in roughly the order they expire, so the oldest is the
 * first to go either way, and a put costs O(1) amortised.
 *
 * <p>Thread-safe (every method locks the map). Keys and values must not be {@code null}.
 */
final class ExpiringMap<K, V> {
    private final int maxEntries;
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();

    private record Entry<V>(V value, Instant expiresAt) {
    }

    ExpiringMap(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /** The value, or {@code null} when absent or expired at {@code now}. */
    synchronized V get(K key, Instant now) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAt().isBefore(now)) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    /** Puts (or replaces, moving it to the young end) an entry that lives until {@code expiresAt}. */
    synchronized void put(K key, V value, Instant expiresAt, Instant now) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        entries.remove(key);
        dropExpiredOldest(now);
        Iterator<Map.Entry<K, Entry<V>>> oldest = entries.entrySet().iterator();
        while (entries.size() >= maxEntries && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        entries.put(Objects.requireNonNull(key, "key"), new Entry<>(value, expiresAt));
    }

    /** Puts the entry unless a live one exists; returns whether it was put. Atomic. */
    synchronized boolean putIfAbsent(K key, V value, Instant expiresAt, Instant now) {
        if (get(key, now) != null) {
            return false;
        }
        put(key, value, expiresAt, now);
        return true;
    }

    /** Removes every entry that expired before {@code cutoff}. O(n). */
    synchronized void removeExpiredBefore(Instant cutoff) {
        entries.values().removeIf(entry -> entry.expiresAt().isBefore(cutoff));
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    private void dropExpiredOldest(Instant now) {
        Iterator<Entry<V>> oldest = entries.values().iterator();
        while (oldest.hasNext() && oldest.next().expiresAt().isBefore(now)) {
            oldest.remove();
        }
    }
}
