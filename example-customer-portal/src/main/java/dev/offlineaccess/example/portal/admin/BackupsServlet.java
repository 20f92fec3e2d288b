package dev.offlineaccess.example.portal.admin;

import dev.offlineaccess.example.portal.PortalAddress;
import dev.offlineaccess.example.portal.backup.BackupJob;
import dev.offlineaccess.example.portal.backup.BackupRepository;
import dev.offlineaccess.example.portal.backup.BackupRun;
import dev.offlineaccess.example.portal.backup.BackupScheduler;
import dev.offlineaccess.example.portal.web.Csrf;
import dev.offlineaccess.example.portal.web.Html;
import dev.offlineaccess.example.portal.web.Visitor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;

/**
 * {@code /admin/backups} (role {@code admin}): the backup job's last run per user, as HTML or — with
 * {@code Accept: application/json} — JSON, and a "Run backup now" button.
 */
public final class BackupsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Visitor> admin = AdminPages.requireAdmin(request, response);
        if (admin.isEmpty()) {
            return;
        }
        PortalAddress.of(getServletContext()).learn(request);
        List<BackupRun> runs = repository().latestPerUser();
        if (AdminPages.wantsJson(request)) {
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(toJson(runs));
            return;
        }
        StringBuilder body = new StringBuilder();
        if ("done".equals(request.getParameter("notice"))) {
            body.append("<p class=\"ok\" id=\"notice\">Backup finished.</p>");
        }
        body.append("<form method=\"post\" action=\"").append(Html.escape(request.getContextPath()))
                .append("/admin/backups\">").append(Csrf.hiddenField(request))
                .append("<button id=\"run-backup\" type=\"submit\">Run backup now</button></form>");
        if (runs.isEmpty()) {
            body.append("<p id=\"no-runs\">No backup has run yet.</p>");
        } else {
            body.append("<table id=\"backups\"><tr><th>User</th><th>Result</th><th>Reason</th><th>Customers saved</th>"
                    + "<th>Time</th></tr>");
            for (BackupRun run : runs) {
                body.append("<tr data-user=\"").append(Html.escape(run.userName())).append("\"><td>")
                        .append(Html.escape(run.userName())).append("</td><td class=\"outcome\">")
                        .append(Html.escape(run.outcome())).append("</td><td class=\"reason\">")
                        .append(Html.escape(run.reason())).append("</td><td class=\"count\">")
                        .append(run.customersSaved()).append("</td><td class=\"time\">")
                        .append(Html.time(run.finishedAt())).append("</td></tr>");
            }
            body.append("</table>");
        }
        Html.page(response, request.getContextPath(), "Backups", admin.get(), body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (AdminPages.requireAdmin(request, response).isEmpty()) {
            return;
        }
        if (!Csrf.isValid(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Missing or wrong CSRF token; reload the page.");
            return;
        }
        PortalAddress.of(getServletContext()).learn(request);
        ((BackupJob) getServletContext().getAttribute(BackupScheduler.JOB_ATTRIBUTE)).runAll();
        response.sendRedirect(request.getContextPath() + "/admin/backups?notice=done");
    }

    private BackupRepository repository() {
        return (BackupRepository) getServletContext().getAttribute(BackupRepository.class.getName());
    }

    private static String toJson(List<BackupRun> runs) {
        JSONArray array = new JSONArray();
        for (BackupRun run : runs) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("user", run.userName());
            item.put("outcome", run.outcome().name().toLowerCase(java.util.Locale.ROOT));
            item.put("reason", run.reason());
            item.put("customersSaved", run.customersSaved());
            item.put("finishedAt", run.finishedAt().toString());
            array.add(new JSONObject(item));
        }
        return new JSONObject(Map.of("runs", array)).toJSONString();
    }
}
