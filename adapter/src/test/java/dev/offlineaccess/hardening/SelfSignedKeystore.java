package dev.offlineaccess.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A PKCS#12 key store with a self-signed certificate for 127.0.0.1/localhost, made by the JDK's {@code keytool}. */
final class SelfSignedKeystore {
    static final String PASSWORD = "hardening-test";

    private SelfSignedKeystore() {
    }

    /** Creates {@code dir/tls.p12} (once) and returns its path. */
    static Path create(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("tls.p12");
        if (Files.exists(store)) {
            return store;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "app", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return store;
    }
}
