package dev.offlineaccess.arquillian;

import dev.offlineaccess.testing.keycloak.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the portal reads from its surroundings, set for one test class: a fresh data directory
 * ({@code PORTAL_DATA_DIR}: the H2 token file, the development key, the portal's own H2 file), development-mode
 * encryption ({@code OFFLINE_DEV_MODE}), the Keycloak URL ({@code KEYCLOAK_URL}), a backup timer that does not
 * fire during the tests ({@code BACKUP_INTERVAL=P1D}), and any {@link PortalSetting} of the class, which wins.
 * The portal reads system properties before the environment (its {@code PortalSettings}, and the
 * {@code ${NAME:default}} placeholders of {@code oidc.json}), and every deployment of this JVM sees them.
 *
 * <p>Register it <em>before</em> {@code ArquillianExtension}: JUnit runs the {@code beforeAll} callbacks in
 * registration order and Arquillian deploys in its own. The previous values are restored after the class, once
 * Arquillian has undeployed. Test classes run one after the other; not for parallel execution.
 */
public final class PortalEnvironment implements BeforeAllCallback, AfterAllCallback {
    /** The directory under which each test class gets its data directory. */
    static final Path DATA_ROOT = Path.of("target", "portal-data").toAbsolutePath();

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            PortalEnvironment.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Map<String, String> settings = new HashMap<>();
        settings.put("PORTAL_DATA_DIR", freshDirectory(testClass).toString());
        settings.put("OFFLINE_DEV_MODE", "true");
        settings.put("KEYCLOAK_URL", KeycloakServer.baseUrl().toString());
        // the backup timer's first run a day away (not "nightly at 02:00", which a run at night would meet):
        // backups happen when a test presses the button, unless the class asks for a timer
        settings.put("BACKUP_INTERVAL", "P1D");
        for (PortalSetting setting : testClass.getAnnotationsByType(PortalSetting.class)) {
            settings.put(setting.name(), setting.value());
        }
        context.getStore(NAMESPACE).put(SystemProperties.class, SystemProperties.set(settings));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SystemProperties previous = context.getStore(NAMESPACE).remove(SystemProperties.class,
                SystemProperties.class);
        if (previous != null) {
            previous.restore();
        }
    }

    private static Path freshDirectory(Class<?> testClass) {
        try {
            Files.createDirectories(DATA_ROOT);
            return Files.createTempDirectory(DATA_ROOT, testClass.getSimpleName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory under " + DATA_ROOT, e);
        }
    }
}
