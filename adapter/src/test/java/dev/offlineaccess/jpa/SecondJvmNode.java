package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStore.Outcome;

import java.nio.file.Path;

/**
 * A second cluster node in its own JVM, for {@link H2TwoJvmTest}: opens the store on the given H2 file, takes the
 * row lock of one grant, prints the refresh-token marker it saw, writes its own, and exits.
 */
public final class SecondJvmNode {
    private SecondJvmNode() {
    }

    public static void main(String[] args) {
        Path h2File = Path.of(args[0]);
        String subject = args[1];
        try (JpaGrantStore store = JpaGrantStore.open(Grants.settings(null, null, h2File), Grants.ISSUER,
                Grants.CLIENT, java.time.Duration.ofSeconds(30))) {
            String seen = store.withLock(Grants.key(subject), current -> new Outcome<>(
                    Grants.refreshed(current.orElseThrow(), Grants.sealed("k1", "by-second-jvm"), Grants.T0),
                    GrantStoreContract.marker(current.orElseThrow())));
            System.out.println("SAW:" + seen);
        }
    }
}
