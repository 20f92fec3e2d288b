package dev.offlineaccess.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;

/**
 * An administrator at the portal's {@code /admin/backups} page, in their own browser: presses "Run backup now" and
 * reads the last run per user as the page shows it (HTML table or JSON). Not thread-safe: one per thread.
 */
final class BackupConsole implements AutoCloseable {
    private final Portal portal;
    private final String admin;
    private final Browser browser;

    /** Signs {@code admin} in to {@code portal}'s backup page. */
    BackupConsole(Portal portal, String admin) {
        this.portal = portal;
        this.admin = admin;
        this.browser = new Browser(portal);
        HtmlPage page = browser.openSignedIn("admin/backups", admin);
        assertEquals(200, Browser.status(page), () -> Browser.describe(page));
    }

    /** Presses "Run backup now" and returns the page that follows (the table after the run). */
    HtmlPage runBackup() {
        HtmlPage page = Browser.click(browser.openSignedIn("admin/backups", admin), "run-backup");
        assertEquals("Backup finished.", Browser.text(page, "notice"), () -> Browser.describe(page));
        return page;
    }

    /** The backup page as it is now. */
    HtmlPage page() {
        return browser.openSignedIn("admin/backups", admin);
    }

    /** The last run of every user, from the page's JSON view, by user name. */
    Map<String, Map<String, Object>> json() {
        page(); // signed in and the session fresh first: a JSON request would get a 401, not a sign-in
        Page page = browser.json(portal.url("admin/backups"));
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertTrue(page.getWebResponse().getContentType().startsWith("application/json"));
        try {
            List<Object> runs = JSONObjectUtils.getJSONArray(
                    JSONObjectUtils.parse(page.getWebResponse().getContentAsString()), "runs");
            assertNotNull(runs, "the JSON has no runs");
            Map<String, Map<String, Object>> byUser = new LinkedHashMap<>();
            for (Object run : runs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) run;
                byUser.put((String) item.get("user"), item);
            }
            return byUser;
        } catch (ParseException e) {
            throw new AssertionError("the backup page's JSON does not parse", e);
        }
    }

    /** A cell of a user's row in the backup table: {@code outcome}, {@code reason} or {@code count}. */
    static String cell(HtmlPage page, String user, String column) {
        DomNode cell = page.getFirstByXPath("//table[@id='backups']//tr[@data-user='" + user + "']/td[@class='"
                + column + "']");
        assertNotNull(cell, () -> "no " + column + " for " + user + " on " + Browser.describe(page));
        return cell.asNormalizedText();
    }

    /** The outcome shown for {@code user}, e.g. {@code OK} or {@code REVOKED}. */
    static String outcome(HtmlPage page, String user) {
        return cell(page, user, "outcome");
    }

    Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
    }
}
