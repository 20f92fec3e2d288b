package dev.offlineaccess.example.portal.web;

import dev.offlineaccess.example.portal.Customer;
import dev.offlineaccess.example.portal.CustomerApiClient;
import dev.offlineaccess.example.portal.CustomerApiClient.CustomerApiException;
import dev.offlineaccess.example.portal.PortalAddress;
import dev.offlineaccess.example.portal.backup.BackupRepository;
import dev.offlineaccess.servlet.OfflineAccess;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** {@code GET /customers} (signed in): the user's name and the customer list, fetched from the API with the user's token. */
public final class CustomersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Visitor visitor = Visitor.of(request).orElseThrow();
        ((BackupRepository) getServletContext().getAttribute(BackupRepository.class.getName()))
                .rememberUser(visitor.name(), Instant.now());
        PortalAddress address = PortalAddress.of(getServletContext());
        address.learn(request);
        CustomerApiClient api = address.customerApi();
        StringBuilder body = new StringBuilder();
        body.append("<p>Hello <b id=\"name\">").append(Html.escape(visitor.name())).append("</b>.</p>");
        try {
            List<Customer> customers = api.customers(OfflineAccess.accessToken(request));
            body.append("<table id=\"customers\"><tr><th>Id</th><th>Name</th><th>City</th></tr>");
            for (Customer c : customers) {
                body.append("<tr><td>").append(Html.escape(c.id())).append("</td><td>").append(Html.escape(c.name()))
                        .append("</td><td>").append(Html.escape(c.city())).append("</td></tr>");
            }
            body.append("</table>");
        } catch (CustomerApiException e) {
            response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
            body.append("<p class=\"bad\" id=\"error\">").append(Html.escape(e.getMessage())).append("</p>");
        }
        body.append("<p><a href=\"").append(Html.escape(request.getContextPath()))
                .append("/offline\">Does this portal have offline access for me?</a></p>");
        Html.page(response, request.getContextPath(), "Customers", visitor, body.toString());
    }
}
