package dev.offlineaccess.integration;

import dev.offlineaccess.config.StoreSettings;

/**
 * {@link TwoNodesContract} on the default store: the embedded H2 file with {@code AUTO_SERVER=TRUE}, opened by two
 * persistence units in this JVM (the {@code jpa} tests prove the row lock with a second JVM as well).
 */
class TwoNodesOnH2FileTest extends TwoNodesContract {

    @Override
    StoreSettings newDatabase() throws Exception {
        return Stores.h2File("offline-grants");
    }

    @Override
    String lockWaitersSql() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    }

    @Override
    String databaseName() {
        return "H2 file";
    }
}
