package dev.offlineaccess.jpa;

import org.eclipse.persistence.sessions.SessionCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

import java.sql.Types;

/**
 * Adjusts EclipseLink for the token store; named in {@code persistence.xml} (public because EclipseLink
 * instantiates it).
 * <ul>
 *   <li>An unreachable database fails fast. By default EclipseLink retries a failed read three times, five seconds
 *   apart, holding a caller for fifteen seconds before it learns the store is down. Here a read whose connection
 *   turns out dead is retried once, at once, on a fresh connection (that covers a database restart); a second
 *   failure is reported.</li>
 *   <li>The instant columns get their JDBC type, so that a {@code null} is bound as a time-zoned timestamp
 *   (PostgreSQL refuses an untyped {@code null} there); see {@link InstantConverter}.</li>
 * </ul>
 */
public final class StoreSessionCustomizer implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(1);
            login.setDelayBetweenConnectionAttempts(0);
            login.setConnectionHealthValidatedOnError(true);
        }
        ClassDescriptor grants = session.getDescriptor(GrantEntity.class);
        if (grants != null) {
            for (DatabaseMapping mapping : grants.getMappings()) {
                DatabaseField field = mapping.getField();
                if (field != null && field.getColumnDefinition() != null
                        && field.getColumnDefinition().startsWith(InstantConverter.COLUMN_TYPE)) {
                    field.setSqlType(Types.TIMESTAMP_WITH_TIMEZONE);
                }
            }
        }
    }
}
