package dev.offlineaccess.bearer;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map from {@link TokenDigest}s to values that expire: the store behind both bearer caches (introspection
 * answers, verified JWTs).
 *
 * <ul>
 *   <li>{@link #get} is lock-free (one {@link ConcurrentHashMap} read); an entry found expired is removed.</li>
 *   <li>{@link #put} takes one lock. It first drops expired entries from the oldest end; when the map is still full,
 *       the oldest entry goes, expired or not (entries are put in roughly the order they expire, as every entry
 *       lives at most a fixed maximum age). The map never holds more than {@code maxEntries} entries.</li>
 *   <li>{@code maxEntries} zero keeps nothing: {@link #put} does nothing, {@link #get} always misses.</li>
 * </ul>
 *
 * <p>An entry expires at the instant given to {@link #put}: it is served while {@code now} is before it.
 *
 * <p>Thread-safe. Keys, values and instants must not be {@code null}. {@link #toString()} shows only the counts.
 *
 * @param <V> the value type; values should be immutable, as they are shared by every caller that hits them
 */
final class TokenDigestCache<V> {
    private final int maxEntries;
    private final ConcurrentHashMap<TokenDigest, Entry<V>> entries;
    /** Every entry of the map, oldest first, plus entries since removed or replaced ("stale"). Guarded by itself. */
    private final ArrayDeque<Entry<V>> order = new ArrayDeque<>();

    /** One kept value. Compared by identity, so a queued entry is stale exactly when the map holds another. */
    private static final class Entry<V> {
        final TokenDigest key;
        final V value;
        final Instant expiresAt;

        Entry(TokenDigest key, V value, Instant expiresAt) {
            this.key = Objects.requireNonNull(key, "key");
            this.value = Objects.requireNonNull(value, "value");
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    TokenDigestCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    }

    /** The value kept for {@code key}, or {@code null} when there is none or it expired at {@code now}. */
    V get(TokenDigest key, Instant now) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt)) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value;
    }

    /**
     * Keeps {@code value} for {@code key} until {@code expiresAt}, replacing an entry of the same key. Nothing is kept
     * when {@code expiresAt} is not after {@code now}, or when {@code maxEntries} is zero.
     */
    void put(TokenDigest key, V value, Instant expiresAt, Instant now) {
        Entry<V> entry = new Entry<>(key, value, expiresAt);
        if (maxEntries == 0 || !now.isBefore(expiresAt)) {
            return;
        }
        synchronized (order) {
            dropDeadOldest(now);
            while (entries.size() >= maxEntries && !entries.containsKey(key)) {
                Entry<V> oldest = order.pollFirst();   // never null: every entry of the map is in the queue
                entries.remove(oldest.key, oldest);
            }
            entries.put(key, entry);
            order.addLast(entry);
            if (order.size() > maxEntries + Math.max(16, maxEntries / 4)) {
                order.removeIf(this::isStale);   // amortised: at most once per maxEntries / 4 puts
            }
        }
    }

    /** Forgets every entry. */
    void clear() {
        synchronized (order) {
            entries.clear();
            order.clear();
        }
    }

    /** How many entries are kept now (expired ones not yet dropped included). */
    int size() {
        return entries.size();
    }

    /** How many entries wait in the eviction queue, stale ones included (for tests of the memory bound). */
    int queueLength() {
        synchronized (order) {
            return order.size();
        }
    }

    /** The most entries kept. */
    int maxEntries() {
        return maxEntries;
    }

    @Override
    public String toString() {
        return "TokenDigestCache[" + entries.size() + " of at most " + maxEntries + " entries]";
    }

    private void dropDeadOldest(Instant now) {
        for (Entry<V> oldest = order.peekFirst(); oldest != null; oldest = order.peekFirst()) {
            if (isStale(oldest)) {
                order.pollFirst();
            } else if (!now.isBefore(oldest.expiresAt)) {
                order.pollFirst();
                entries.remove(oldest.key, oldest);
            } else {
                return;
            }
        }
    }

    /** Removed from the map (expired on a read, or evicted) or replaced by a newer entry of the same key. */
    private boolean isStale(Entry<V> queued) {
        return entries.get(queued.key) != queued;
    }
}
