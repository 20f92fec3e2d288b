package dev.offlineaccess.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderFileTest {

    @Test
    void loadWhenFileExistsThenSettingsAndWarningsNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keycloak.json");
        Files.writeString(file, ConfigFixtures.json("{'realm': 'demo', 'auth-server-url': 'https://sso.example.com/',"
                + " 'resource': 'portal', 'store': {'development-mode': true, 'h2-file': '" + dir.resolve("db")
                + "', 'encryption-key': '" + ConfigFixtures.KEY_1 + "'}, 'cors-max-age': 5}"));

        LoadedSettings loaded = SettingsLoader.load(file);

        assertEquals("portal", loaded.settings().client().clientId());
        assertEquals(dir.resolve("db"), loaded.settings().store().h2File());
        assertTrue(loaded.warnings().stream().allMatch(w -> w.contains(file.toString())), loaded.warnings()::toString);
    }

    @Test
    void loadWhenFileIsMissingThenIOException(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> SettingsLoader.load(dir.resolve("missing.json")));
    }
}
