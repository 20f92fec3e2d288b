package dev.offlineaccess.config;

import static dev.offlineaccess.config.ConfigFixtures.load;
import static dev.offlineaccess.config.ConfigFixtures.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    private static List<String> warnings(String members) {
        return load(minimal(members)).warnings();
    }

    @Test
    void typoGetsADidYouMeanSuggestion() {
        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'calback-path' is ignored;"
                + " did you mean 'callback-path'?"), warnings("'calback-path': '/cb'"));
    }

    @Test
    void otherSpellingOfAKnownKeyGetsASuggestion() {
        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'clientSecret' is ignored;"
                + " did you mean 'client-secret'?"), warnings("'clientSecret': 'x'"));
        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'roles-claim' is ignored;"
                + " did you mean 'role-claims'?"), warnings("'roles-claim': 'roles'"));
    }

    @Test
    void keyWithoutAnyCloseMatchPointsToTheDocs() {
        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'favourite-colour' is"
                + " ignored; see docs/configuration.md for the valid keys"), warnings("'favourite-colour': 'blue'"));
    }

    @Test
    void storeKeyWrittenAtTopLevelIsPointedIntoTheStoreObject() {
        assertEquals(List.of("[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'store-jdbc-url' is ignored;"
                + " did you mean 'store.jdbc-url'?"), warnings("'store-jdbc-url': 'jdbc:h2:mem:x'"));
    }

    @Test
    void unknownKeysInNestedObjectsAreNamedWithTheirPath() {
        assertEquals(List.of(
                "[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'store.jdbcUrl' is ignored; did you mean"
                        + " 'store.jdbc-url'?",
                "[oidc-config.unknown-key] WEB-INF/oidc.json: unknown key 'store.keep-alive.intervall' is ignored;"
                        + " did you mean 'store.keep-alive.interval'?"),
                warnings("'store': {'jdbcUrl': 'jdbc:h2:mem:x', 'keep-alive': {'intervall': '2h'}}"));
    }

    @Test
    void eachUnknownKeyIsReportedOnItsOwn() {
        assertEquals(2, warnings("'foo': 1, 'bar': 2").size());
    }

    @Test
    void unknownKeysAreNotExpandedSoTheirPlaceholdersCannotFail() {
        assertEquals(1, warnings("'foo': '${env.NOT_SET}'").size());
    }
}
