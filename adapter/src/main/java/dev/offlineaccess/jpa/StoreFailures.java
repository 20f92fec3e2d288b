package dev.offlineaccess.jpa;

import dev.offlineaccess.tokens.TokenStoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.eclipse.persistence.exceptions.DatabaseException;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Turns database failures into {@link TokenStoreUnavailableException}s. Only failures of the database are turned
 * (JPA's {@link PersistenceException} and EclipseLink's {@link DatabaseException}, which EclipseLink sometimes
 * throws unwrapped); anything else, such as a programming error, passes unchanged. Messages name the operation
 * and the user, never a token or a bind value. Stateless.
 */
final class StoreFailures {
    /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private StoreFailures() {
    }

    /** Runs one database step; a database failure becomes a {@link TokenStoreUnavailableException}. */
    static <R> R guard(String user, String operation, Supplier<R> step) {
        try {
            return step.get();
        } catch (PersistenceException | DatabaseException e) {
            throw unavailable(user, operation, e);
        }
    }

    static void guardRun(String user, String operation, Runnable step) {
        guard(user, operation, () -> {
            step.run();
            return null;
        });
    }

    static TokenStoreUnavailableException unavailable(String user, String operation, RuntimeException cause) {
        String state = sqlState(cause);
        String detail = state == null ? cause.getClass().getSimpleName() : "SQLSTATE " + state;
        return new TokenStoreUnavailableException(user,
                "The offline-token store could not " + operation + " (" + detail + ")", cause);
    }

    /** Whether the failure is an insert that lost a race for the same primary key. */
    static boolean isUniqueViolation(Throwable failure) {
        return UNIQUE_VIOLATION.equals(sqlState(failure));
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
