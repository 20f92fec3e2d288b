package dev.offlineaccess.benchmarks.session;

import dev.offlineaccess.benchmarks.http.BenchServer;
import dev.offlineaccess.benchmarks.support.Report;
import dev.offlineaccess.testing.keycloak.DemoRealms;
import dev.offlineaccess.testing.keycloak.KeycloakLogin;
import dev.offlineaccess.testing.keycloak.KeycloakServer;
import org.htmlunit.Page;
import org.htmlunit.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Measure 7: what a signed-in user costs in the HTTP session, with Keycloak's real tokens ({@code demo} realm,
 * alice). A browser (HtmlUnit) signs in through Keycloak's form at our filter — once online, once with
 * {@code ?scope=offline_access} — and at pac4j; then the {@code /secured/footprint} servlet of the same application
 * reports each session attribute's serialized size and retained heap size (JOL). Values are never printed.
 */
public final class SessionFootprint {
    private SessionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        String issuer = KeycloakServer.baseUrl() + "/realms/" + DemoRealms.DEMO;
        Path dir = Files.createTempDirectory("bench-session");
        try (BenchServer server = new BenchServer("localhost", issuer, DemoRealms.CLIENT_ID, DemoRealms.CLIENT_SECRET,
                "openid profile email", dir)) {
            Report.section("7. Memory per signed-in session (Keycloak " + issuer + ", user alice)");
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("ours, online sign-in", "ours" + BenchServer.PAGE);
            cases.put("ours, offline sign-in (?scope=offline_access)", "ours" + BenchServer.PAGE
                    + "?scope=offline_access");
            cases.put("pac4j (OidcClient defaults)", "pac4j" + BenchServer.PAGE);
            for (Map.Entry<String, String> c : cases.entrySet()) {
                try (WebClient browser = KeycloakLogin.newWebClient()) {
                    Page login = browser.getPage(server.base() + "/" + c.getValue());
                    Page page = KeycloakLogin.signIn(login, DemoRealms.ALICE, DemoRealms.ALICE);
                    String text = page.getWebResponse().getContentAsString();
                    if (!text.contains("Hello, alice.")) {
                        throw new IllegalStateException(c.getKey() + ": sign-in did not reach the page");
                    }
                    String context = c.getValue().substring(0, c.getValue().indexOf('/'));
                    String report = browser.getPage(server.base() + "/" + context + BenchServer.FOOTPRINT)
                            .getWebResponse().getContentAsString();
                    long serialized = 0;
                    long retained = 0;
                    for (String line : report.strip().split("\n")) {
                        String[] parts = line.split(" ", 4);
                        serialized += Long.parseLong(parts[1]);
                        retained += Long.parseLong(parts[2]);
                    }
                    Report.line("- %s: **%,d bytes serialized, %,d bytes retained on the heap** (target < 4 KB)"
                            + " — per attribute (name, serialized, retained): %s", c.getKey(), serialized, retained,
                            report.strip().replace("\n", "; "));
                }
            }
        }
    }
}
