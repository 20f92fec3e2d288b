package dev.offlineaccess.example.portal;

import java.util.Objects;

/**
 * A customer record served by the portal's "database service".
 *
 * @param id    stable id
 * @param name  company name
 * @param city  where it is
 */
public record Customer(String id, String name, String city) {
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(city, "city");
    }
}
