package dev.offlineaccess.benchmarks.http;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Signs in through a provider that needs no form (the fake provider) with {@code java.net.http}: request the
 * secured page, follow the redirects to the provider and back through the callback, and keep the application's
 * session cookie.
 */
final class Logins {
    private Logins() {
    }

    /**
     * @param page the secured page of one web application
     * @return the {@code JSESSIONID} cookie value of that application after the sign-in
     * @throws IllegalStateException the sign-in did not end on the page with the user's name
     */
    static String signIn(URI page, String expectedUser) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("Hello, " + expectedUser + ".")) {
            throw new IllegalStateException("sign-in at " + page + " ended with " + response.statusCode() + " at "
                    + response.uri());
        }
        String contextPath = "/" + page.getPath().split("/")[1];
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID") && contextPath.equals(c.getPath()))
                .map(HttpCookie::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie for " + contextPath));
    }

    /** GETs {@code url} with the cookie; the status and body. */
    static HttpResponse<String> get(URI url, String cookie) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(url).header("Cookie", "JSESSIONID=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
