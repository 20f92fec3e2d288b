package dev.offlineaccess.example.portal.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The portal's page frame and HTML escaping. Stateless. */
public final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** A point in time as people read it, to the second: {@code 2026-11-23 04:46:42 UTC}; {@code null} stays empty. */
    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** Escapes text for an HTML element or a quoted attribute. {@code null} becomes the empty string. */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Writes a whole page: the header with the navigation, then {@code body} (already escaped HTML). */
    public static void page(HttpServletResponse response, String contextPath, String title, Visitor visitor,
                            String body) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<title>" + escape(title) + " · Customer portal</title>");
        out.println("<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:66rem;color:#222}"
                + "nav a,nav span{margin-right:1rem}table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
                + ".time{white-space:nowrap}.ok{color:#17692c}.bad{color:#a12020}.muted{color:#666}button{padding:.3rem .8rem}</style>");
        out.println("</head><body>");
        out.println("<nav><a href=\"" + escape(contextPath) + "/\">Home</a>"
                + "<a href=\"" + escape(contextPath) + "/customers\">Customers</a>"
                + "<a href=\"" + escape(contextPath) + "/offline\">Offline access</a>"
                + "<a href=\"" + escape(contextPath) + "/admin/backups\">Backups</a>"
                + "<a href=\"" + escape(contextPath) + "/admin/offline-tokens\">Stored grants</a>"
                + (visitor == null ? "" : "<span class=\"muted\">Signed in as <b id=\"user\">"
                        + escape(visitor.name()) + "</b></span><a id=\"logout\" href=\"" + escape(contextPath)
                        + "/logout\">Log out</a>")
                + "</nav><hr>");
        out.println("<h1>" + escape(title) + "</h1>");
        out.println(body);
        out.println("</body></html>");
    }
}
