package dev.offlineaccess.example.portal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the portal can reach itself: {@code PORTAL_BASE_URL} when set, otherwise learned from the first request
 * (the connector's own port on loopback). The backup job has no request, so it asks here. Also holds the one
 * {@link CustomerApiClient} of the web application (one JDK HTTP client, with its selector thread, for all
 * calls). Thread-safe.
 */
public final class PortalAddress {
    private static final String ATTRIBUTE = PortalAddress.class.getName();
    private final AtomicReference<URI> base = new AtomicReference<>();
    private final AtomicReference<CustomerApiClient> customerApi = new AtomicReference<>();

    private PortalAddress(URI configured) {
        base.set(configured);
    }

    /** The context's instance, created on first use. */
    public static PortalAddress of(ServletContext context) {
        synchronized (context) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing instanceof PortalAddress address) {
                return address;
            }
            String configured = PortalSettings.get("PORTAL_BASE_URL", null);
            PortalAddress address = new PortalAddress(configured == null ? null : URI.create(configured));
            context.setAttribute(ATTRIBUTE, address);
            return address;
        }
    }

    /** Learns the address from a request (loopback, the port the request came in on), unless already known. */
    public URI learn(HttpServletRequest request) {
        URI learned = URI.create(request.getScheme() + "://localhost:" + request.getLocalPort()
                + request.getContextPath());
        base.compareAndSet(null, learned);
        return base.get();
    }

    /** The base URL, or {@code null} before any request when none is configured. */
    public URI base() {
        return base.get();
    }

    /** The client of this portal's {@code /api/customers}, or {@code null} while the base URL is unknown. */
    public CustomerApiClient customerApi() {
        URI known = base.get();
        if (known == null) {
            return null;
        }
        return customerApi.updateAndGet(existing -> existing != null ? existing : new CustomerApiClient(known));
    }
}
