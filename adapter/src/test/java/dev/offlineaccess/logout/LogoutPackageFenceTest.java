package dev.offlineaccess.logout;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The logout core stays framework-neutral: neither the servlet nor the persistence API. */
class LogoutPackageFenceTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "offlineaccess", "logout");

    @Test
    void logoutSourcesImportNoJakartaApi() throws IOException {
        List<String> offending;
        List<Path> files;
        try (Stream<Path> walk = Files.list(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources found under " + SOURCES.toAbsolutePath());
        try (Stream<Path> all = files.stream()) {
            offending = all.flatMap(LogoutPackageFenceTest::imports)
                    .filter(i -> i.startsWith("jakarta.") || i.startsWith("javax.servlet")
                            || i.startsWith("javax.persistence") || i.startsWith("dev.offlineaccess.servlet.")
                            || i.startsWith("dev.offlineaccess.jpa."))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("import "))
                    .map(l -> l.substring("import ".length()).replace("static ", "").replace(";", "").trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
