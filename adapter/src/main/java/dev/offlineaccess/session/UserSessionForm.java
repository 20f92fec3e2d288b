package dev.offlineaccess.session;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The serialized form of a {@link UserSession}: its values one after the other, without the class metadata Java's
 * record serialization writes for every component (field names, type signatures, and descriptors for
 * {@code Instant} and the collections: about 700 bytes of a 4 KB session). Reading it goes through the record's
 * constructor, so a deserialized session is validated like any other. Sessions written in the record's own form
 * before this form existed still read. Not thread-safe; used only by serialization.
 */
final class UserSessionForm implements Externalizable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

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
        writeString(out, session.idToken());
        out.writeObject(session.userInfoClaims().isEmpty() ? null : session.userInfoClaims());
        writeString(out, session.accessToken());
        writeInstant(out, session.accessTokenExpiresAt());
        writeStrings(out, session.scopes());
        out.writeBoolean(session.refreshToken() != null);
        if (session.refreshToken() != null) {
            writeString(out, session.refreshToken());
        }
        out.writeBoolean(session.offline());
        writeString(out, session.csrfToken());
        writeInstant(out, session.signedInAt());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new InvalidObjectException("unknown serialized form of a user session: " + version);
        }
        String issuer = readString(in);
        String clientId = readString(in);
        String subject = readString(in);
        String principalName = readString(in);
        Set<String> roles = readStrings(in);
        String idToken = readString(in);
        Object userInfo = in.readObject();
        String accessToken = readString(in);
        Instant accessTokenExpiresAt = readInstant(in);
        Set<String> scopes = readStrings(in);
        String refreshToken = in.readBoolean() ? readString(in) : null;
        boolean offline = in.readBoolean();
        String csrfToken = readString(in);
        Instant signedInAt = readInstant(in);
        try {
            session = new UserSession(issuer, clientId, subject, principalName, roles, idToken,
                    userInfo == null ? Map.of() : (Map<String, Object>) userInfo, accessToken, accessTokenExpiresAt,
                    scopes, refreshToken, offline, csrfToken, signedInAt);
        } catch (RuntimeException invalid) {
            InvalidObjectException e = new InvalidObjectException("invalid serialized user session");
            e.initCause(invalid);
            throw e;
        }
    }

    @Serial
    private Object readResolve() {
        return session;
    }

    /** Length-prefixed UTF-8: unlike {@code writeUTF}, not limited to 64 KB (tokens have no such limit). */
    private static void writeString(ObjectOutput out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 * 1024 * 1024) {
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
