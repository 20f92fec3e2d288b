package dev.offlineaccess.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A web application may ship its own {@code META-INF/persistence.xml}, even for another JPA provider. The
 * adapter's unit must still be found by its name, and must contain only the adapter's entities (the grant, and
 * the back-channel logout registry's two).
 */
class ApplicationPersistenceUnitTest {
    private static final String APPLICATION_UNIT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
              <persistence-unit name="portal" transaction-type="RESOURCE_LOCAL">
                <provider>org.hibernate.jpa.HibernatePersistenceProvider</provider>
                <class>com.example.portal.Customer</class>
              </persistence-unit>
            </persistence>
            """;

    private H2FileDatabase database;
    private URLClassLoader webApplication;

    @BeforeEach
    void webApplicationWithItsOwnUnit() throws IOException {
        database = new H2FileDatabase();
        Path classes = database.file().resolveSibling("WEB-INF-classes");
        Files.createDirectories(classes.resolve("META-INF"));
        Files.writeString(classes.resolve("META-INF/persistence.xml"), APPLICATION_UNIT);
        webApplication = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws IOException {
        webApplication.close();
        database.close();
    }

    @Test
    void theAdaptersUnitIsFoundBesideTheApplicationsAndHoldsOnlyTheAdaptersEntities() throws IOException {
        assertEquals(2, java.util.Collections.list(webApplication.getResources("META-INF/persistence.xml")).size());
        StoreDatabase db = StoreDatabase.of(database.settings(), Duration.ofSeconds(1));

        EntityManagerFactory factory = GrantPersistenceUnit.create(db, database.settings(),
                Map.of("eclipselink.classloader", webApplication));
        try {
            Set<String> entities = factory.getMetamodel().getEntities().stream().map(EntityType::getName)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("OfflineGrant", "EndedSession", "LogoutJti"), entities);
            EntityManager em = factory.createEntityManager();
            try {
                assertNull(em.find(GrantEntity.class, GrantMapping.id(Grants.key("nobody"))));
            } finally {
                em.close();
            }
        } finally {
            factory.close();
        }
    }
}
