package dev.offlineaccess.tokens;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.offlineaccess.provider.IssuedTokens;

import java.text.ParseException;
import java.util.Optional;

/**
 * The {@code sub} claim of the tokens a token endpoint just issued: from the access token when it is a JWT, else
 * from the ID token. Signatures are not checked: the tokens came straight from the provider's token endpoint over
 * TLS, in answer to this client, so they are as trustworthy as the channel. Never used on tokens from elsewhere.
 * Stateless.
 */
final class TokenSubject {
    private TokenSubject() {
    }

    static Optional<String> of(IssuedTokens issued) {
        return subject(issued.accessToken()).or(() -> subject(issued.idToken()));
    }

    /** The {@code sub} of a compact JWS or unsecured JWT; empty for anything else (opaque token, JWE). */
    static Optional<String> subject(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Object sub = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString()).get("sub");
            return sub instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
        } catch (ParseException notJson) {
            return Optional.empty();
        }
    }
}
