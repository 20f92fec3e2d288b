package dev.offlineaccess.tokens;

import dev.offlineaccess.config.ConfigurationException;
import dev.offlineaccess.config.Secret;
import dev.offlineaccess.config.StoreSettings.EncryptionKeySetting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The generated key of development mode: base64 of 32 random bytes in a file readable by its owner only (where
 * the file system has POSIX permissions). Created on first use, reused afterwards. Its key id is {@code dev-}
 * and the first 8 hex digits of the key's SHA-256, so rows sealed by a deleted and regenerated file fail with
 * "unknown key" rather than a puzzling authentication error.
 */
final class DevelopmentKey {
    static final String WARNING_ID = "OA-W001";
    static final String FILE_SETTING = "store.dev-key-file";
    private static final System.Logger LOG = System.getLogger(DevelopmentKey.class.getName());

    private DevelopmentKey() {
    }

    static EncryptionKeySetting loadOrCreate(Path file) {
        if (file == null) {
            throw new ConfigurationException(FILE_SETTING, "development mode has no key file",
                    "set the development key file, or configure " + TokenCipher.KEY_SETTING);
        }
        String key = Files.exists(file) ? read(file) : createOrRead(file);
        String id = "dev-" + fingerprint(key);
        LOG.log(System.Logger.Level.WARNING, () -> WARNING_ID + ": development mode: offline tokens are encrypted"
                + " with the generated key in " + file.toAbsolutePath() + " (key id " + id + "). This is for"
                + " development only; configure " + TokenCipher.KEY_SETTING + " in production.");
        return new EncryptionKeySetting(id, new Secret(key));
    }

    private static String createOrRead(Path file) {
        String key = TokenCipher.generateKey();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createFile(file, ownerOnly(file));
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            return key;
        } catch (FileAlreadyExistsException createdConcurrently) {
            return read(file);
        } catch (IOException e) {
            throw new ConfigurationException(FILE_SETTING, "cannot create " + file.toAbsolutePath() + ": " + e,
                    "make the directory writable, or configure " + TokenCipher.KEY_SETTING);
        }
    }

    private static String read(Path file) {
        try {
            String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
            byte[] raw = Base64.getDecoder().decode(key);
            if (raw.length != 32) {
                throw new IllegalArgumentException("not 32 bytes");
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(FILE_SETTING, "the development key file " + file.toAbsolutePath()
                    + " is unreadable or not base64 of 32 bytes",
                    "delete it to have a new key generated (rows it sealed become unreadable)");
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static String fingerprint(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException jdkLacksSha256) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", jdkLacksSha256);
        }
    }
}
