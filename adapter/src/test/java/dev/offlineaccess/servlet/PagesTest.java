package dev.offlineaccess.servlet;

import dev.offlineaccess.login.LoginError;
import dev.offlineaccess.login.LoginFailure;
import dev.offlineaccess.login.PageKind;
import dev.offlineaccess.login.SessionChange;
import dev.offlineaccess.login.WebResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesTest {
    @Test
    void everyLoginFailureRendersItsExplanationAndEscapesTheDetail() {
        for (LoginFailure failure : LoginFailure.values()) {
            String html = Pages.render(new WebResult.Page(failure.status(), PageKind.LOGIN_FAILED,
                    new LoginError(failure, "<script>\"x\"</script>"), "/app/?a=1&b=\"2\"", null,
                    SessionChange.NONE));
            assertTrue(html.contains(Pages.escape(failure.explanation())), failure.name());
            assertTrue(html.contains("data-reason=\"" + failure.name() + "\""));
            assertFalse(html.contains("<script>"), failure.name());
            assertTrue(html.contains("href=\"/app/?a=1&amp;b=&quot;2&quot;\""), html);
        }
    }

    @Test
    void tokenStorePageSaysTheStorageIsUnavailableNotTheProviderAndOffersToTryAgain() {
        String html = Pages.render(new WebResult.Page(503, PageKind.LOGIN_FAILED,
                LoginError.of(LoginFailure.TOKEN_STORE_UNAVAILABLE), "/app/page", null, SessionChange.NONE));
        assertTrue(html.contains("<title>Temporarily unavailable</title>"), html);
        assertTrue(html.contains("Your session could not be renewed because the application&#39;s sign-in storage"
                + " is unavailable at the moment. Please try again shortly."), html);
        assertFalse(html.contains("identity provider"), html);
        assertTrue(html.contains("<a id=\"oidc-link\" href=\"/app/page\">Try again</a>"), html);
    }

    @Test
    void logoutConfirmationPostsTheCsrfTokenToTheLogoutPath() {
        String html = Pages.render(new WebResult.Page(200, PageKind.LOGOUT_CONFIRM, null, "/app/logout", "t0k\"en",
                SessionChange.NONE));
        assertTrue(html.contains("<form method=\"post\" action=\"/app/logout\">"), html);
        assertTrue(html.contains("name=\"csrf\" value=\"t0k&quot;en\""), html);
    }

    @Test
    void everyOtherPageKindRenders() {
        for (PageKind kind : List.of(PageKind.LOGOUT_REJECTED, PageKind.SIGNED_OUT, PageKind.SIGNED_OUT_LOCALLY)) {
            String html = Pages.render(new WebResult.Page(200, kind, null, "/", null, SessionChange.NONE));
            assertTrue(html.contains("data-reason=\"" + kind.name() + "\""), kind.name());
        }
    }

    @Test
    void parseQueryDecodesKeepsOrderAndSkipsMalformedPairs() {
        Map<String, List<String>> query = RequestReader.parseQuery("a=1&b=x%20y&a=2&bad=%zz&flag&=&c=%E2%82%AC");
        assertEquals(List.of("1", "2"), query.get("a"));
        assertEquals(List.of("x y"), query.get("b"));
        assertEquals(List.of(""), query.get("flag"));
        assertEquals(List.of("€"), query.get("c"));
        assertFalse(query.containsKey("bad"));
    }
}
