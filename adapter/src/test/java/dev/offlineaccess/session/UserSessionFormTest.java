package dev.offlineaccess.session;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Sessions serialized by earlier versions still read: a deployed application may hold them in a persisted or
 * replicated session store across an upgrade. The streams are in {@code old-user-session-forms.properties}, written
 * by those versions from the sessions {@link #online()} and {@link #offline()} build.
 */
class UserSessionFormTest {
    /** A JWT with {@code alg: none}: {"sub":"sub-alice","preferred_username":"alice","sid":"sid-1"}. */
    static final String ID_TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdWItYWxpY2UiLCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhbGljZSIs"
            + "InNpZCI6InNpZC0xIn0.";
    /** A JWT with {@code alg: none}: {"sub":"sub-alice","scope":"openid profile"}. */
    static final String ACCESS_TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdWItYWxpY2UiLCJzY29wZSI6Im9wZW5pZCBwcm9maWxlIn0.";

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
        Properties forms = new Properties();
        try (InputStream in = UserSessionFormTest.class.getResourceAsStream("old-user-session-forms.properties")) {
            forms.load(in);
        }
        byte[] stream = Base64.getDecoder().decode(forms.getProperty(key));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stream))) {
            return (UserSession) in.readObject();
        }
    }
}
