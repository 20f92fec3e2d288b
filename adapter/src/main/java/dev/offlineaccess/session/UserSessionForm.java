package dev.offlineaccess.session;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectStreamField;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The serialized form of a {@link UserSession}: its values one after the other, without the class metadata Java's
 * serialization writes for every field (field names, type signatures, and descriptors for {@code Instant} and the
 * collections: about 700 bytes of a 4 KB session); JWTs as their decoded bytes ({@link CompactToken}). Reading goes
 * through the session's constructor, so a deserialized session is validated like any other.
 *
 * <p>Every form an earlier version wrote still reads: version 2 (this one), version 1 (the same values, each token
 * and each scope as a string), and — through {@link #fromRecordForm} — the record's own form that
 * {@code UserSession} had before this class existed. Not thread-safe; used only by serialization.
 */
final class UserSessionForm implements Externalizable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 2;
    private static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

    /** The components of the record {@code UserSession} was, by name and type, as its serialized form has them. */
    static final ObjectStreamField[] RECORD_FIELDS = {
            new ObjectStreamField("issuer", String.class),
            new ObjectStreamField("clientId", String.class),
            new ObjectStreamField("subject", String.class),
            new ObjectStreamField("principalName", String.class),
            new ObjectStreamField("roles", Set.class),
            new ObjectStreamField("idToken", String.class),
            new ObjectStreamField("userInfoClaims", Map.class),
            new ObjectStreamField("accessToken", String.class),
            new ObjectStreamField("accessTokenExpiresAt", Instant.class),
            new ObjectStreamField("scopes", Set.class),
            new ObjectStreamField("refreshToken", String.class),
            new ObjectStreamField("offline", boolean.class),
            new ObjectStreamField("csrfToken", String.class),
            new ObjectStreamField("signedInAt", Instant.class)};

    private UserSession session;

    /** For deserialization. */
    public UserSessionForm() {
    }

    UserSessionForm(UserSession session) {
        this.session = session;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeByte(VERSION);
        writeString(out, session.issuer());
        writeString(out, session.clientId());
        writeString(out, session.subject());
        writeString(out, session.principalName());
        writeStrings(out, session.roles());
        session.compactIdToken().writeTo(out);
        out.writeObject(session.userInfoClaims().isEmpty() ? null : session.userInfoClaims());
        session.compactAccessToken().writeTo(out);
        writeInstant(out, session.accessTokenExpiresAt());
        writeString(out, session.scopeList());
        out.writeBoolean(session.compactRefreshToken() != null);
        if (session.compactRefreshToken() != null) {
            session.compactRefreshToken().writeTo(out);
        }
        out.writeBoolean(session.offline());
        writeString(out, session.csrfToken());
        writeInstant(out, session.signedInAt());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        int version = in.readByte();
        if (version != 1 && version != VERSION) {
            throw new InvalidObjectException("unknown serialized form of a user session: " + version);
        }
        boolean compact = version == VERSION;
        String issuer = readString(in);
        String clientId = readString(in);
        String subject = readString(in);
        String principalName = readString(in);
        Set<String> roles = readStrings(in);
        CompactToken idToken = readToken(in, compact);
        Object userInfo = in.readObject();
        CompactToken accessToken = readToken(in, compact);
        Instant accessTokenExpiresAt = readInstant(in);
        Set<String> scopes = compact ? null : readStrings(in);
        String scopeList = compact ? readString(in) : null;
        CompactToken refreshToken = in.readBoolean() ? readToken(in, compact) : null;
        boolean offline = in.readBoolean();
        String csrfToken = readString(in);
        Instant signedInAt = readInstant(in);
        try {
            session = new UserSession(issuer, clientId, subject, principalName, roles, idToken,
                    userInfo == null ? Map.of() : (Map<String, Object>) userInfo, accessToken, accessTokenExpiresAt,
                    Vocabulary.scopeList(compact ? Vocabulary.scopeSet(scopeList) : scopes), refreshToken, offline,
                    csrfToken, signedInAt);
        } catch (RuntimeException invalid) {
            throw invalid(invalid);
        }
    }

    @Serial
    private Object readResolve() {
        return session;
    }

    /** The session a stream in the record's own form holds (the fields of {@link #RECORD_FIELDS}). */
    @SuppressWarnings("unchecked")
    static UserSession fromRecordForm(ObjectInputStream.GetField fields) throws IOException {
        try {
            String refreshToken = (String) fields.get("refreshToken", null);
            return new UserSession((String) fields.get("issuer", null), (String) fields.get("clientId", null),
                    (String) fields.get("subject", null), (String) fields.get("principalName", null),
                    (Set<String>) fields.get("roles", null), (String) fields.get("idToken", null),
                    (Map<String, Object>) fields.get("userInfoClaims", null),
                    (String) fields.get("accessToken", null), (Instant) fields.get("accessTokenExpiresAt", null),
                    (Set<String>) fields.get("scopes", null), refreshToken, fields.get("offline", false),
                    (String) fields.get("csrfToken", null), (Instant) fields.get("signedInAt", null));
        } catch (RuntimeException invalid) {
            throw invalid(invalid);
        }
    }

    private static InvalidObjectException invalid(RuntimeException cause) {
        InvalidObjectException e = new InvalidObjectException("invalid serialized user session");
        e.initCause(cause);
        return e;
    }

    private static CompactToken readToken(ObjectInput in, boolean compact) throws IOException {
        return compact ? CompactToken.readFrom(in, MAX_STRING_BYTES) : CompactToken.of(readString(in));
    }

    /** Length-prefixed UTF-8: unlike {@code writeUTF}, not limited to 64 KB. */
    private static void writeString(ObjectOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new InvalidObjectException("implausible string length in a serialized user session: " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeStrings(ObjectOutput out, Set<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static Set<String> readStrings(ObjectInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 100_000) {
            throw new InvalidObjectException("implausible set size in a serialized user session: " + size);
        }
        Set<String> values = new HashSet<>();
        for (int i = 0; i < size; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeInstant(ObjectOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(ObjectInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
