package dev.offlineaccess.provider;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;

import java.net.URI;
import java.text.ParseException;

/** RP-initiated logout URLs (OpenID Connect RP-Initiated Logout 1.0) through nimbus' {@link LogoutRequest}. */
final class LogoutUris {
    private LogoutUris() {
    }

    static URI endSession(URI endpoint, String clientId, String idTokenHint, URI postLogoutRedirect, String state) {
        JWT hint = null;
        if (idTokenHint != null) {
            try {
                hint = JWTParser.parse(idTokenHint);
            } catch (ParseException e) {
                throw new IllegalArgumentException("idTokenHint is not a JWT", e);
            }
        }
        return new LogoutRequest(endpoint, hint, null, new ClientID(clientId), postLogoutRedirect,
                state == null ? null : new State(state), null).toURI();
    }
}
