package dev.offlineaccess.testing.keycloak;

/**
 * Names and credentials from the realm files in {@code tools/keycloak/realms}: the test-side mirror of those
 * files. Every user's password equals the user name.
 *
 * <p>Constants only; thread-safe.
 */
public final class DemoRealms {

    /** Realm without refresh-token rotation: an offline token can be used again and again. */
    public static final String DEMO = "demo";
    /** Same realm with "Revoke Refresh Token" on and max reuse 0: every refresh rotates the token. */
    public static final String ROTATION = "demo-rotation";

    /** The confidential client the portal (and the adapter under test) uses. */
    public static final String CLIENT_ID = "customer-portal";
    public static final String CLIENT_SECRET = "customer-portal-secret";

    /** Service-account client with realm-management roles, used by {@link KeycloakAdmin}. */
    public static final String HARNESS_CLIENT_ID = "harness-admin";
    public static final String HARNESS_CLIENT_SECRET = "harness-admin-secret";

    /** Has the realm roles {@code user} and {@code offline_access}. */
    public static final String ALICE = "alice";
    /** Has the realm roles {@code user}, {@code admin} and {@code offline_access}. */
    public static final String ADMIN = "admin";
    /** Has only {@code user}: Keycloak refuses him offline tokens ({@code not_allowed}). */
    public static final String BOB = "bob";

    /** The scope that asks for an offline token. */
    public static final String OFFLINE_SCOPE = "openid offline_access";

    private DemoRealms() {
    }
}
