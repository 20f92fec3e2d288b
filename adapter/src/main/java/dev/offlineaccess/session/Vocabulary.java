package dev.offlineaccess.session;

import java.util.Arrays;
import java.util.Set;

/**
 * The strings every session of an application repeats — issuer, client id, role and scope names — kept as
 * {@linkplain String#intern() interned} instances, so that thousands of sessions share one copy of each instead of
 * holding the copy their token response was parsed into; and the scopes as one space-separated string, the form
 * RFC 6749 gives them (a scope never contains a space), instead of a set of strings. Stateless and thread-safe; no
 * argument may be {@code null}.
 */
final class Vocabulary {
    private Vocabulary() {
    }

    /** An unmodifiable copy of {@code values} made of interned strings. */
    static Set<String> internedSet(Set<String> values) {
        String[] copy = values.toArray(new String[0]);
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i].intern();
        }
        return Set.of(copy);
    }

    /**
     * The scopes sorted and space-separated, interned.
     *
     * @throws IllegalArgumentException a scope is empty or contains a space (RFC 6749 allows neither)
     */
    static String scopeList(Set<String> scopes) {
        String[] sorted = scopes.toArray(new String[0]);
        Arrays.sort(sorted);
        for (String scope : sorted) {
            if (scope.isEmpty() || scope.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a scope is empty or contains a space");
            }
        }
        return String.join(" ", sorted).intern();
    }

    /**
     * The scopes of a {@link #scopeList}, as an unmodifiable set.
     *
     * @throws IllegalArgumentException the list names a scope twice or has an empty one
     */
    static Set<String> scopeSet(String scopeList) {
        return scopeList.isEmpty() ? Set.of() : Set.of(scopeList.split(" ", -1));
    }
}
