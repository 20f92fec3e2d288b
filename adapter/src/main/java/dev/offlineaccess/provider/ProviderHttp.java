package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.offlineaccess.config.HttpSettings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Objects;

/**
 * Sends nimbus {@link HTTPRequest}s with the configured timeouts (through {@link JdkHttpSender}: the JDK's
 * {@code HttpURLConnection} would log the {@code Authorization} header at debug level) and sorts every answer into
 * "usable", "rejected" or "unavailable". Thread-safe.
 *
 * <p>Classification: IO failures and timeouts, 3xx (redirects are not followed), 408, 429 and 5xx are
 * {@link ProviderUnavailableException}; other 4xx are {@link ProviderRejectedException} with the body's OAuth
 * {@code error} verbatim, or {@code http_<status>} when the body has none; a 2xx whose body should be JSON but is
 * not (HTML, truncated) is unavailable. Messages name the operation, status and problem, never body content.
 */
final class ProviderHttp {
    private static final System.Logger LOG = System.getLogger(ProviderHttp.class.getName());
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final JdkHttpSender sender;

    ProviderHttp(HttpSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.connectTimeoutMillis = toMillis(settings.connectTimeout());
        this.readTimeoutMillis = toMillis(settings.readTimeout());
        this.sender = new JdkHttpSender(java.time.Duration.ofMillis(connectTimeoutMillis));
    }

    private static int toMillis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /** Sends the request; returns 2xx and 4xx answers, throws for everything that says "try later". */
    HTTPResponse send(String operation, HTTPRequest request) throws ProviderUnavailableException {
        request.setConnectTimeout(connectTimeoutMillis);
        request.setReadTimeout(readTimeoutMillis);
        request.setFollowRedirects(false);
        HTTPResponse response;
        try {
            response = request.send(sender);
        } catch (SocketTimeoutException | HttpTimeoutException e) {
            throw new ProviderUnavailableException(operation + ": the provider did not answer in time ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (IOException e) {
            throw new ProviderUnavailableException(operation + ": the provider could not be reached ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        int status = response.getStatusCode();
        LOG.log(Level.DEBUG, "{0}: HTTP {1}", operation, status);
        if (status >= 500 || status == 408 || status == 429 || (status >= 300 && status < 400) || status < 200) {
            throw new ProviderUnavailableException(operation + ": the provider answered HTTP " + status);
        }
        return response;
    }

    /** Sends the request and returns the JSON object of a 2xx answer; a 4xx becomes a rejection. */
    Map<String, Object> sendForJson(String operation, HTTPRequest request)
            throws ProviderRejectedException, ProviderUnavailableException {
        HTTPResponse response = send(operation, request);
        if (!response.indicatesSuccess()) {
            throw rejected(operation, response);
        }
        return json(operation, response);
    }

    /** The body of a 2xx answer as a JSON object. */
    static Map<String, Object> json(String operation, HTTPResponse response) throws ProviderUnavailableException {
        String body = response.getBody();
        if (body == null || body.isBlank()) {
            throw new ProviderUnavailableException(operation + ": HTTP " + response.getStatusCode()
                    + " with an empty body where JSON was expected");
        }
        String trimmed = body.stripLeading();
        if (!trimmed.startsWith("{")) {
            throw new ProviderUnavailableException(operation + ": HTTP " + response.getStatusCode()
                    + " with a body that is not JSON (content type " + contentType(response) + ")");
        }
        try {
            return JSONObjectUtils.parse(trimmed);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            // the parser's message may quote the body, which may hold a token: keep it out
            throw new ProviderUnavailableException(operation + ": HTTP " + response.getStatusCode()
                    + " with malformed JSON (content type " + contentType(response) + ")");
        }
    }

    /** The rejection a 4xx answer stands for: its OAuth error, or {@code http_<status>}. */
    static ProviderRejectedException rejected(String operation, HTTPResponse response) {
        return new ProviderRejectedException(operation, errorOf(response));
    }

    static ProviderError errorOf(HTTPResponse response) {
        int status = response.getStatusCode();
        Map<String, Object> body = lenientJson(response.getBody());
        if (body != null && body.get("error") instanceof String code && !code.isBlank()) {
            Object description = body.get("error_description");
            return new ProviderError(status, code, description instanceof String d ? d : null);
        }
        ProviderError fromHeader = BearerChallenge.parse(status, response.getWWWAuthenticate());
        if (fromHeader != null) {
            return fromHeader;
        }
        return new ProviderError(status, OidcProvider.HTTP_ERROR_PREFIX + status, null);
    }

    private static Map<String, Object> lenientJson(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return null;
        }
    }

    private static String contentType(HTTPResponse response) {
        String type = response.getHeaderValue("Content-Type");
        return type == null ? "none" : type;
    }
}
