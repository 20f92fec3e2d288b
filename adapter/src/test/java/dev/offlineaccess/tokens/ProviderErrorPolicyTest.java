package dev.offlineaccess.tokens;

import dev.offlineaccess.provider.ProviderError;
import dev.offlineaccess.tokens.ProviderErrorPolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ProviderErrorPolicyTest {
    private final ProviderErrorPolicy policy = new ProviderErrorPolicy();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "400, invalid_grant, REREAD_THEN_REVOKE",
            "400, invalid_scope, REVOKE",
            "401, invalid_client, CLIENT_MISCONFIGURED",
            "401, unauthorized_client, CLIENT_MISCONFIGURED",
            "400, unsupported_grant_type, CLIENT_MISCONFIGURED",
            "400, invalid_request, CLIENT_MISCONFIGURED",
            "400, temporarily_unavailable, RETRY_LATER",
            "400, server_error, RETRY_LATER",
            "503, invalid_grant, RETRY_LATER",
            "500, something_new, RETRY_LATER",
            "400, something_new, CLIENT_MISCONFIGURED"})
    void verdictFollowsTheTable(int status, String code, Verdict expected) {
        assertEquals(expected, policy.verdict(new ProviderError(status, code, "d")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "200, invalid_token, REVOKE",
            "400, invalid_grant, REVOKE",
            "400, invalid_scope, REVOKE",
            "400, invalid_request, CLIENT_MISCONFIGURED",
            "400, unsupported_token_type, CLIENT_MISCONFIGURED",
            "503, temporarily_unavailable, RETRY_LATER"})
    void revocationVerdictTreatsAnInvalidTokenAsRevoked(int status, String code, Verdict expected) {
        assertEquals(expected, policy.revocationVerdict(new ProviderError(status, code, null)));
    }

    @Test
    void exceptionCarriesTheErrorAndTheUser() {
        OfflineGrantRevokedException revoked = assertInstanceOf(OfflineGrantRevokedException.class,
                policy.exception("alice", new ProviderError(400, "invalid_grant", "User disabled")));
        assertEquals("alice", revoked.user());
        assertEquals("invalid_grant", revoked.error());
        assertEquals("User disabled", revoked.errorDescription());

        ClientMisconfiguredException client = assertInstanceOf(ClientMisconfiguredException.class,
                policy.exception("alice", new ProviderError(401, "unauthorized_client", null)));
        assertEquals("unauthorized_client", client.error());

        assertInstanceOf(ProviderTemporarilyUnavailableException.class,
                policy.exception("alice", new ProviderError(503, "server_error", null)));
    }
}
