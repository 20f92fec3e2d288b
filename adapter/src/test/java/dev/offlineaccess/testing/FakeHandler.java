package dev.offlineaccess.testing;

/** One endpoint of the fake provider: a request in, an answer out (or an OAuth error, written as JSON). */
@FunctionalInterface
interface FakeHandler {
    FakeExchange.Answer handle(FakeExchange request) throws OAuthError;
}
