package dev.offlineaccess.example.portal;

import java.util.List;

/** The demo data behind {@code /api/customers}. Immutable. */
public final class CustomerDirectory {
    private static final List<Customer> CUSTOMERS = List.of(
            new Customer("c-1001", "Acme Anvils", "Springfield"),
            new Customer("c-1002", "Globex Logistics", "Cypress Creek"),
            new Customer("c-1003", "Initech Software", "Austin"),
            new Customer("c-1004", "Umbrella Pharmacy", "Raccoon City"),
            new Customer("c-1005", "Stark Hardware", "Long Island"));

    private CustomerDirectory() {
    }

    public static List<Customer> all() {
        return CUSTOMERS;
    }
}
