package dev.offlineaccess.tokens;

import dev.offlineaccess.config.ConfigurationException;
import dev.offlineaccess.config.StoreSettings;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for stored tokens: a key ring of AES-256 keys used with AES-GCM (12-byte random nonce,
 * 128-bit tag). The first key seals; every key opens, so keys can be rotated: put the new key first, keep the old
 * ones until {@link OfflineTokenService#reencryptAll()} has moved every row.
 *
 * <p>The grant's key (issuer, client id, subject) is the additional authenticated data: a sealed token copied into
 * another row does not open. The ciphertext is {@code base64(nonce || AES-GCM output)}; the key id travels next to
 * it in {@link SealedToken}.
 *
 * <p>Thread-safe and immutable. No argument may be {@code null}. Nothing here logs or prints a token or key.
 */
public final class TokenCipher {
    static final String KEY_SETTING = "OFFLINE_TOKEN_KEY";
    static final String KEYS_SETTING = "store.encryption-keys";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String primaryKeyId;
    private final Map<String, SecretKey> keys;

    private TokenCipher(Map<String, SecretKey> keys) {
        this.keys = Map.copyOf(keys);
        this.primaryKeyId = keys.keySet().iterator().next();
    }

    /**
     * The key ring the store settings describe: the configured keys, newest first; with none configured and
     * development mode on, a generated key file at {@code devKeyFile} (created once, then reused; a warning
     * {@code OA-W001} is logged).
     *
     * @throws ConfigurationException no key and not development mode, a key that is not base64 of 32 bytes, a
     *                                duplicate or malformed key id, or an unusable development key file
     */
    public static TokenCipher fromSettings(StoreSettings settings) {
        if (!settings.keys().isEmpty()) {
            return of(settings.keys());
        }
        if (!settings.developmentMode()) {
            throw new ConfigurationException(KEY_SETTING, "no key to encrypt offline tokens is configured",
                    "set the environment variable " + KEY_SETTING + " to the output of `openssl rand -base64 32`,"
                            + " or configure " + KEYS_SETTING + ", or enable store.development-mode for development"
                            + " only");
        }
        return of(List.of(DevelopmentKey.loadOrCreate(settings.devKeyFile())));
    }

    /**
     * A key ring of the given keys; the first one seals. Keys are base64 (standard or URL-safe) of 32 bytes.
     *
     * @throws ConfigurationException an empty list, a key that is not base64 of 32 bytes, a duplicate or malformed
     *                                key id
     */
    public static TokenCipher of(List<EncryptionKeySetting> settings) {
        if (settings.isEmpty()) {
            throw new ConfigurationException(KEYS_SETTING, "the key list is empty", "configure at least one key");
        }
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        for (EncryptionKeySetting setting : settings) {
            String id = setting.id();
            if (!KEY_ID.matcher(id).matches()) {
                throw new ConfigurationException(KEYS_SETTING, "key id '" + id + "' is not 1-32 of [A-Za-z0-9._-]",
                        "use a short id such as 2026-11");
            }
            if (ring.put(id, aesKey(id, setting.key().value())) != null) {
                throw new ConfigurationException(KEYS_SETTING, "key id '" + id + "' is configured twice",
                        "give every key its own id");
            }
        }
        return new TokenCipher(ring);
    }

    /** Base64 of 32 fresh random bytes: a new key for {@code OFFLINE_TOKEN_KEY}. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key that seals. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /** The ids of every key that can open, in no particular order. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Whether the token was sealed with the primary key (else {@link OfflineTokenService#reencryptAll()} moves it). */
    public boolean isPrimary(SealedToken sealed) {
        return primaryKeyId.equals(sealed.keyId());
    }

    /** Seals a token for one grant with the primary key. */
    public SealedToken seal(String token, GrantKey grant) {
        Objects.requireNonNull(token, "token");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(primaryKeyId), nonce, grant,
                token.getBytes(StandardCharsets.UTF_8), 0);
        byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        return new SealedToken(primaryKeyId, Base64.getEncoder().encodeToString(out));
    }

    /**
     * Opens a token sealed for this grant.
     *
     * @throws SealedTokenException the key is not configured, or the token does not authenticate for this grant
     */
    public String open(SealedToken sealed, GrantKey grant) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new SealedTokenException(sealed.keyId(), SealedTokenException.Reason.UNKNOWN_KEY);
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.ciphertext());
        } catch (IllegalArgumentException notBase64) {
            throw new SealedTokenException(sealed.keyId(), SealedTokenException.Reason.NOT_AUTHENTIC);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedTokenException(sealed.keyId(), SealedTokenException.Reason.NOT_AUTHENTIC);
        }
        byte[] nonce = Arrays.copyOf(in, NONCE_BYTES);
        byte[] plain = crypt(Cipher.DECRYPT_MODE, key, nonce, grant, in, NONCE_BYTES);
        if (plain == null) {
            throw new SealedTokenException(sealed.keyId(), SealedTokenException.Reason.NOT_AUTHENTIC);
        }
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** Re-seals with the primary key; returns the same instance when it already is. */
    public SealedToken reseal(SealedToken sealed, GrantKey grant) {
        return isPrimary(sealed) ? sealed : seal(open(sealed, grant), grant);
    }

    @Override
    public String toString() {
        return "TokenCipher[primary=" + primaryKeyId + ", keys=" + keys.size() + "]";
    }

    /** Returns {@code null} when decryption fails authentication. */
    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, GrantKey grant, byte[] input, int offset) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(grant));
            return cipher.doFinal(input, offset, input.length - offset);
        } catch (AEADBadTagException notAuthentic) {
            return null;
        } catch (GeneralSecurityException jdkLacksAesGcm) {
            throw new IllegalStateException("AES/GCM is not available in this JDK", jdkLacksAesGcm);
        }
    }

    /** Each part of the grant key as a 4-byte length and its UTF-8 bytes, so no separator can be forged. */
    static byte[] associatedData(GrantKey grant) {
        List<byte[]> parts = new ArrayList<>(3);
        parts.add(grant.issuer().getBytes(StandardCharsets.UTF_8));
        parts.add(grant.clientId().getBytes(StandardCharsets.UTF_8));
        parts.add(grant.subject().getBytes(StandardCharsets.UTF_8));
        ByteBuffer aad = ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length + 4).sum());
        parts.forEach(p -> aad.putInt(p.length).put(p));
        return aad.array();
    }

    private static SecretKey aesKey(String id, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.replaceAll("\\s", "").replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException notBase64) {
            throw new ConfigurationException(KEYS_SETTING, "key '" + id + "' is not base64",
                    "use base64 of 32 random bytes, e.g. openssl rand -base64 32");
        }
        if (raw.length != KEY_BYTES) {
            throw new ConfigurationException(KEYS_SETTING, "key '" + id + "' is " + raw.length
                    + " bytes, AES-256 needs 32", "use base64 of 32 random bytes, e.g. openssl rand -base64 32");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
