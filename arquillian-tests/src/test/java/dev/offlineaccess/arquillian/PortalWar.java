package dev.offlineaccess.arquillian;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The customer-portal WAR exactly as the reactor built it ({@code example-customer-portal/target/customer-portal.war}),
 * read with ShrinkWrap; optionally with its {@code WEB-INF/oidc.json} edited, the way an operator deploys the same
 * WAR against another realm. Stateless.
 */
final class PortalWar {
    /** The archive name, which becomes the context path {@code /customer-portal}. */
    static final String NAME = "customer-portal.war";
    private static final Path BUILT = Path.of("..", "example-customer-portal", "target", NAME);
    private static final String OIDC_JSON = "/WEB-INF/oidc.json";

    private PortalWar() {
    }

    /** The built WAR, unchanged. */
    static WebArchive asBuilt() {
        if (!Files.isRegularFile(BUILT)) {
            throw new IllegalStateException("No " + BUILT.toAbsolutePath().normalize() + ": build the reactor first"
                    + " (mvn -B verify from the repository root builds the WAR before this module)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, BUILT.toFile());
    }

    /** The built WAR signing users in to {@code realm} instead of {@code demo}. */
    static WebArchive forRealm(String realm) {
        return withOidcJson(json -> json.put("realm", realm));
    }

    /** The built WAR with its {@code oidc.json} changed by {@code edit}. */
    static WebArchive withOidcJson(Consumer<Map<String, Object>> edit) {
        WebArchive war = asBuilt();
        Map<String, Object> json = oidcJson(war);
        edit.accept(json);
        war.delete(OIDC_JSON);
        war.addAsWebInfResource(new StringAsset(JSONObjectUtils.toJSONString(json)), "oidc.json");
        return war;
    }

    private static Map<String, Object> oidcJson(WebArchive war) {
        Node node = war.get(OIDC_JSON);
        if (node == null) {
            throw new IllegalStateException(NAME + " has no " + OIDC_JSON);
        }
        try (InputStream in = node.getAsset().openStream()) {
            return JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OIDC_JSON, e);
        } catch (ParseException e) {
            throw new IllegalStateException(OIDC_JSON + " of " + NAME + " is not a JSON object", e);
        }
    }
}
