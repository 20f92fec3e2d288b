package dev.offlineaccess.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link RequestReader#origin}: the reused last origin never answers for a request naming another one. */
class RequestReaderOriginTest {

    @Test
    void originOfTheSameSchemeHostAndPortIsReused() {
        URI first = RequestReader.origin(request("https", "app.example", 443));
        assertEquals(URI.create("https://app.example"), first);
        assertSame(first, RequestReader.origin(request("https", "app.example", 443)));
    }

    @Test
    void originFollowsEveryChangeOfSchemeHostOrPort() {
        assertEquals(URI.create("http://a.example:8080"), RequestReader.origin(request("http", "a.example", 8080)));
        assertEquals(URI.create("http://b.example:8080"), RequestReader.origin(request("http", "b.example", 8080)));
        assertEquals(URI.create("http://b.example:8081"), RequestReader.origin(request("http", "b.example", 8081)));
        assertEquals(URI.create("https://b.example:8081"), RequestReader.origin(request("https", "b.example", 8081)));
        assertEquals(URI.create("http://b.example"), RequestReader.origin(request("HTTP", "b.example", 80)));
        assertEquals(URI.create("http://[::1]:9000"), RequestReader.origin(request("http", "::1", 9000)));
    }

    private static HttpServletRequest request(String scheme, String host, int port) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestReaderOriginTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getScheme" -> scheme;
                    case "getServerName" -> host;
                    case "getServerPort" -> port;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
