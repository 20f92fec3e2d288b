package dev.offlineaccess.provider;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends nimbus requests with the JDK's {@link HttpClient} instead of {@code HttpURLConnection}, for two reasons:
 * <ul>
 *   <li>{@code HttpURLConnection} logs every request's headers — {@code Authorization: Basic <client secret>},
 *       {@code Authorization: Bearer <access token>} — to {@code java.util.logging} at {@code FINE}, so an
 *       application that turns its root logger up to debug would write them to its log. {@link HttpClient} logs
 *       headers only when asked by the system property {@code jdk.httpclient.HttpClient.log}.</li>
 *   <li>Connecting is bounded by {@code connect-timeout}, and the whole exchange (connect, headers and body) by
 *       {@code connect-timeout + read-timeout}: a provider that trickles its answer byte by byte cannot hold a
 *       request thread longer than that.</li>
 * </ul>
 * Redirects are not followed; HTTP/1.1 only (no {@code h2c} upgrade attempts); proxies as the JVM's default
 * {@link java.net.ProxySelector} says. Thread-safe.
 */
final class JdkHttpSender implements HTTPRequestSender {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpClient client;

    JdkHttpSender(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    }

    @Override
    public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.getURL().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the request URL is not a URI", e);
        }
        String body = request.getBody();
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        builder.method(request.getMethod().name(), publisher);
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        return toNimbus(await(client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()),
                (long) request.getConnectTimeout() + request.getReadTimeout()));
    }

    /**
     * Waits at most {@code deadlineMillis} (connect plus read timeout) for the whole answer; on timeout the exchange
     * is cancelled.
     */
    private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> answer, long deadlineMillis)
            throws IOException {
        try {
            return answer.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + deadlineMillis + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the provider");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the request failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        }
    }

    private static HTTPResponse toNimbus(HttpResponse<String> answer) {
        HTTPResponse response = new HTTPResponse(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !values.isEmpty()) {
                response.setHeader(name, values.toArray(String[]::new));
            }
        });
        response.setBody(answer.body());
        return response;
    }
}
