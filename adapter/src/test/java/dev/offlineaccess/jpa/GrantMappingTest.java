package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.GrantStatus;
import dev.offlineaccess.tokens.StoredGrant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static dev.offlineaccess.jpa.Grants.T0;
import static dev.offlineaccess.jpa.Grants.full;
import static dev.offlineaccess.jpa.Grants.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantMappingTest {

    @Test
    void aGrantCopiedIntoAnEntityComesBackTheSameToTheMillisecond() {
        StoredGrant grant = full("sub-1", "alice");
        GrantEntity entity = GrantMapping.newEntity(grant.key());

        GrantMapping.copy(grant, entity);
        StoredGrant back = GrantMapping.toGrant(entity);

        assertEquals(grant.key(), back.key());
        assertEquals(grant.refreshToken(), back.refreshToken());
        assertEquals(grant.accessToken(), back.accessToken());
        assertEquals(grant.scopes(), back.scopes());
        assertEquals(Instant.parse("2026-11-01T10:15:30.123Z"), back.created());
        assertEquals(grant.lastRefreshed(), back.lastRefreshed());
        assertEquals(grant.revokedReason(), back.revokedReason());
    }

    @Test
    void lastActivityIsTheLastRefreshOrElseTheCreation() {
        GrantEntity never = GrantMapping.newEntity(key("a"));
        GrantMapping.copy(Grants.grant("a", "a", T0), never);
        GrantEntity refreshed = GrantMapping.newEntity(key("b"));
        GrantMapping.copy(Grants.refreshed(Grants.grant("b", "b", T0), Grants.sealed("k1", "x"),
                T0.plusSeconds(7)), refreshed);

        assertEquals(T0, never.lastActivity);
        assertEquals(T0.plusSeconds(7), refreshed.lastActivity);
    }

    @Test
    void scopesAreStoredSortedAndSpaceSeparated() {
        assertEquals("email offline_access openid", GrantMapping.joinScopes(Set.of("openid", "email",
                "offline_access")));
        assertEquals("", GrantMapping.joinScopes(Set.of()));
        assertEquals(Set.of("openid", "email"), GrantMapping.splitScopes(" openid  email "));
        assertEquals(Set.of(), GrantMapping.splitScopes(""));
        assertEquals(Set.of(), GrantMapping.splitScopes(null));
    }

    @Test
    void aScopeWithWhitespaceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GrantMapping.joinScopes(Set.of("open id")));
        assertThrows(IllegalArgumentException.class, () -> GrantMapping.joinScopes(Set.of("")));
    }

    @Test
    void aValueLongerThanItsColumnIsRefusedNamingTheField() {
        StoredGrant tooLong = Grants.withPrincipal(Grants.grant("sub-1", "x", T0), "p".repeat(256));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrantMapping.copy(tooLong, GrantMapping.newEntity(tooLong.key())));

        assertTrue(e.getMessage().startsWith("principal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GrantMapping.newEntity(key("s".repeat(256))));
    }

    @Test
    void aLongProviderErrorDescriptionIsCutToItsColumnWithoutSplittingACharacter() {
        String reason = "a".repeat(1023) + "\uD83D\uDE00" + "tail";
        StoredGrant grant = new StoredGrant(key("s"), "p", Grants.sealed("k", "c"), null, null, Set.of(), T0, null,
                null, null, GrantStatus.REVOKED, "invalid_grant", reason, T0, 0);
        GrantEntity entity = GrantMapping.newEntity(grant.key());

        GrantMapping.copy(grant, entity);

        assertEquals("a".repeat(1023), entity.revokedReason);
    }

    @Test
    void theEntityNeverPrintsACiphertext() {
        StoredGrant grant = full("sub-1", "alice");
        GrantEntity entity = GrantMapping.newEntity(grant.key());
        GrantMapping.copy(grant, entity);

        String printed = entity.toString();

        assertTrue(printed.contains("sub-1") && printed.contains("k2"), printed);
        assertFalse(printed.contains(grant.refreshToken().ciphertext()), printed);
        assertFalse(printed.contains(grant.accessToken().ciphertext()), printed);
    }
}
