package dev.offlineaccess.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known key an unknown key was probably meant to be: the same key in another spelling
 * ({@code clientId}, {@code client_id}, {@code CLIENT-ID} for {@code client-id}), or the known key within a small
 * edit distance. Stateless.
 */
final class KeySuggestions {
    private static final int MAX_DISTANCE = 3;

    private KeySuggestions() {
    }

    /**
     * @param unknown the key found in the file
     * @param known   the keys valid at that place
     * @return the closest known key, if one is close enough to be a likely typo
     */
    static Optional<String> closest(String unknown, Collection<String> known) {
        String normalized = normalize(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(normalized, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.min(MAX_DISTANCE, Math.max(1, normalized.length() / 4));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code clientId}, {@code client_id} and {@code Client-ID} all become {@code client-id}. */
    static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                out.append('-');
            }
            out.append(c == '_' || c == ' ' ? '-' : c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** Edit distance where inserting, deleting, replacing or swapping two neighbouring characters costs 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
