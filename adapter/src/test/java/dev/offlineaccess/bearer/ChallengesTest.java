package dev.offlineaccess.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.offlineaccess.bearer.BearerResult.Challenge;

class ChallengesTest {
    private final Challenges challenges = new Challenges("api", Duration.ofSeconds(7));

    @Test
    void missingWhenNoCredentialsThen401WithRealmOnly() {
        Challenge challenge = challenges.missing();
        assertEquals(401, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\"", challenge.wwwAuthenticate());
        assertEquals(Optional.empty(), challenge.errorCode());
        assertEquals(Optional.empty(), challenge.retryAfter());
    }

    @Test
    void invalidRequestThen400WithErrorAndDescription() {
        Challenge challenge = challenges.invalidRequest("Bad header");
        assertEquals(400, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"invalid_request\", error_description=\"Bad header\"",
                challenge.wwwAuthenticate());
        assertEquals(Optional.of("invalid_request"), challenge.errorCode());
    }

    @Test
    void invalidTokenThen401WithErrorAndDescription() {
        Challenge challenge = challenges.invalidToken("The access token expired");
        assertEquals(401, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"",
                challenge.wwwAuthenticate());
    }

    @Test
    void insufficientScopeThen403ListingTheRequiredScopesSorted() {
        Challenge challenge = challenges.insufficientScope(Set.of("orders:write", "orders:read"));
        assertEquals(403, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"The access token lacks a required scope\", scope=\"orders:read orders:write\"",
                challenge.wwwAuthenticate());
    }

    @Test
    void unavailableThen503WithRetryHintAndNoError() {
        Challenge challenge = challenges.unavailable();
        assertEquals(503, challenge.httpStatus());
        assertEquals("Bearer realm=\"api\"", challenge.wwwAuthenticate());
        assertEquals(Optional.of(Duration.ofSeconds(7)), challenge.retryAfter());
    }

    @Test
    void descriptionKeepsOnlyTheCharactersRfc6750Allows() {
        assertEquals("say 'hi' ? ?? done", Challenges.descriptionText("say \"hi\" \\ \r\u00e9 done"));
        assertEquals(200, Challenges.descriptionText("x".repeat(500)).length());
    }

    @Test
    void realmIsAnEscapedQuotedString() {
        assertEquals("Bearer realm=\"my \\\"api\\\\ ?\"", new Challenges("my \"api\\ \n", Duration.ofSeconds(1))
                .missing().wwwAuthenticate());
    }

    @Test
    void challengeWhenStatusOrRetryHintInconsistentThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Challenge(200, null, "Bearer", null));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(401, null, "Bearer", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Challenge(503, null, "Bearer", null));
    }
}
