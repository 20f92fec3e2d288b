package dev.offlineaccess.example.portal;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONArrayUtils;
import dev.offlineaccess.tokens.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.minidev.json.JSONObject;

/**
 * Calls the portal's own {@code GET /api/customers} with a user's access token, as any API client would: the
 * signed-in page does it with the session's token, the backup job with a token from the offline-token API.
 * Thread-safe.
 */
public final class CustomerApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    /** @param portalBase the portal's base URL, e.g. {@code http://localhost:8080/customer-portal} */
    public CustomerApiClient(URI portalBase) {
        String base = portalBase.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "api/customers");
    }

    /** Fetches the customer list. */
    public List<Customer> customers(AccessToken token) throws CustomerApiException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", token.authorizationHeader())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CustomerApiException("The customer service could not be reached: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustomerApiException("Interrupted while calling the customer service", 0);
        }
        if (response.statusCode() != 200) {
            throw new CustomerApiException("The customer service answered HTTP " + response.statusCode(),
                    response.statusCode());
        }
        return parse(response.body());
    }

    private static List<Customer> parse(String json) throws CustomerApiException {
        try {
            List<Customer> customers = new ArrayList<>();
            for (Map<String, Object> item : JSONArrayUtils.toJSONObjectList(JSONArrayUtils.parse(json))) {
                customers.add(new Customer(String.valueOf(item.get("id")), String.valueOf(item.get("name")),
                        String.valueOf(item.get("city"))));
            }
            return List.copyOf(customers);
        } catch (ParseException e) {
            throw new CustomerApiException("The customer service answered something that is not a customer list", 200);
        }
    }

    /** Renders customers as the JSON array {@code /api/customers} serves. */
    public static String toJson(List<Customer> customers) {
        StringBuilder out = new StringBuilder("[");
        for (Customer c : customers) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(new JSONObject(Map.<String, Object>of("id", c.id(), "name", c.name(), "city", c.city()))
                    .toJSONString());
        }
        return out.append(']').toString();
    }

    /** The customer service could not be used. */
    public static final class CustomerApiException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public CustomerApiException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when there was no answer. */
        public int status() {
            return status;
        }
    }
}
