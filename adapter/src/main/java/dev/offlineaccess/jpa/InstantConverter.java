package dev.offlineaccess.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Stores an {@link Instant} in a {@code TIMESTAMP WITH TIME ZONE} column, exactly, whatever the time zone of each
 * JVM. EclipseLink 4.0 would otherwise serialize an {@code Instant} into a binary column that no query can compare.
 *
 * <p>The column type matters as much as the converter: the value is bound as a {@link Timestamp}, which the JDBC
 * drivers send as wall-clock time in the JVM's zone <em>with its offset</em>; a column with time zone keeps the
 * instant, whereas a plain {@code TIMESTAMP} would drop the offset and shift instants near daylight-saving
 * transitions, and between nodes in different zones. Reading, the drivers differ: H2 returns an
 * {@link OffsetDateTime}, PostgreSQL a {@link Timestamp}; both are exact instants. (Mapping to {@code LocalDateTime}
 * or {@code OffsetDateTime} instead does not help: EclipseLink converts those through the JVM zone too.)
 *
 * <p>Stateless and thread-safe; {@code null} maps to {@code null}. Public because EclipseLink instantiates it.
 */
@Converter(autoApply = true)
public final class InstantConverter implements AttributeConverter<Instant, Object> {
    /**
     * The SQL type of every instant column, the same spelling on H2 and PostgreSQL. A column definition replaces
     * EclipseLink's whole type clause, so required columns append {@code NOT NULL} themselves.
     */
    static final String COLUMN_TYPE = "TIMESTAMP WITH TIME ZONE";

    @Override
    public Object convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @Override
    public Instant convertToEntityAttribute(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        throw new IllegalStateException("unexpected JDBC value for a time-zoned timestamp: " + value.getClass());
    }
}
