package dev.offlineaccess.session;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serialized form of a session: compact, and every form earlier versions wrote still reads (a deployed
 * application may hold such sessions in a persisted or replicated session store across an upgrade). Those streams
 * are in {@code old-user-session-forms.properties}, written by those versions from the sessions {@link #online()}
 * and {@link #offline()} build.
 */
class UserSessionFormTest {
    /** A JWT with {@code alg: none}: {"sub":"sub-alice","preferred_username":"alice","sid":"sid-1"}. */
    static final String ID_TOKEN = "eyJhbGciOiJub25lIn0."
            + "eyJzdWIiOiJzdWItYWxpY2UiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhbGljZSIsInNpZCI6InNpZC0xIn0.";
    /** A JWT with {@code alg: none}: {"sub":"sub-alice","scope":"openid profile"}. */
    static final String ACCESS_TOKEN = "eyJhbGciOiJub25lIn0."
            + "eyJzdWIiOiJzdWItYWxpY2UiLCJzY29wZSI6Im9wZW5pZCBwcm9maWxlIn0.";

    static UserSession online() {
        Map<String, Object> userInfo = new LinkedHashMap<>();
        userInfo.put("phone", "123");
        userInfo.put("address", Map.of("country", "NL"));
        return new UserSession("https://op.example/realms/test", "portal", "sub-alice", "alice",
                Set.of("user", "admin"), ID_TOKEN, userInfo, ACCESS_TOKEN,
                Instant.parse("2026-11-23T10:00:00.123456789Z"), Set.of("openid", "profile"), "refresh-1", false,
                "csrf-1", Instant.parse("2026-11-23T09:59:00Z"));
    }

    static UserSession offline() {
        return new UserSession("https://op.example/realms/test", "portal", "sub-alice", "alice", Set.of(),
                ID_TOKEN, Map.of(), "access-2", Instant.parse("2026-11-23T10:05:00Z"),
                Set.of("openid", "offline_access"), null, true, "csrf-2", Instant.parse("2026-11-23T09:58:00Z"));
    }

    @Test
    void sessionWrittenInTheRecordsOwnFormStillReads() throws Exception {
        assertReadsAs(online(), "record.online");
        assertReadsAs(offline(), "record.offline");
    }

    @Test
    void sessionWrittenInFormVersionOneStillReads() throws Exception {
        assertReadsAs(online(), "form1.online");
        assertReadsAs(offline(), "form1.offline");
    }

    @Test
    void currentFormRoundTripsCompactOpaqueAndNonCanonicalTokens() throws Exception {
        String padded = ACCESS_TOKEN.substring(0, ACCESS_TOKEN.length() - 1) + "=.";   // kept as its text
        for (UserSession session : new UserSession[]{online(), offline(),
                online().withTokens(padded, Instant.EPOCH, Set.of("openid"), "r.e.f", null, Set.of("user"))}) {
            UserSession read = roundTrip(session);
            assertEquals(session, read);
            assertEquals(session.accessToken(), read.accessToken());
            assertEquals(session.refreshToken(), read.refreshToken());
            assertEquals(session.compactAccessToken().isCompact(), read.compactAccessToken().isCompact());
            assertEquals(session.claims(), read.claims());
        }
    }

    @Test
    void currentFormIsSmallerThanVersionOne() throws Exception {
        assertTrue(serialize(online()).length < Base64.getDecoder().decode(forms().getProperty("form1.online")).length);
    }

    @Test
    void readSessionSharesTheIssuerAndClientIdOfTheOthers() throws Exception {
        UserSession read = read("form1.online");
        assertSame(online().issuer(), read.issuer());
        assertSame(online().clientId(), read.clientId());
    }

    private static void assertReadsAs(UserSession expected, String key) throws Exception {
        UserSession read = read(key);
        assertEquals(expected, read, key);
        assertEquals(expected.idToken(), read.idToken(), key);
        assertEquals(expected.accessToken(), read.accessToken(), key);
        assertEquals(expected.refreshToken(), read.refreshToken(), key);
        assertEquals(expected.accessTokenExpiresAt(), read.accessTokenExpiresAt(), key);
        assertEquals(expected.signedInAt(), read.signedInAt(), key);
        assertEquals(expected.scopes(), read.scopes(), key);
        assertEquals(expected.roles(), read.roles(), key);
        assertEquals(expected.csrfToken(), read.csrfToken(), key);
        assertEquals(expected.claims(), read.claims(), key);
        assertEquals("sid-1", read.sid(), key);
        if (expected.offline()) {
            assertNull(read.refreshToken(), key);
        }
    }

    private static UserSession read(String key) throws IOException, ClassNotFoundException {
        return deserialize(Base64.getDecoder().decode(forms().getProperty(key)));
    }

    private static Properties forms() throws IOException {
        Properties forms = new Properties();
        try (InputStream in = UserSessionFormTest.class.getResourceAsStream("old-user-session-forms.properties")) {
            forms.load(in);
        }
        return forms;
    }

    private static UserSession roundTrip(UserSession session) throws IOException, ClassNotFoundException {
        return deserialize(serialize(session));
    }

    private static byte[] serialize(UserSession session) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(session);
        }
        return bytes.toByteArray();
    }

    private static UserSession deserialize(byte[] stream) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stream))) {
            return (UserSession) in.readObject();
        }
    }
}
