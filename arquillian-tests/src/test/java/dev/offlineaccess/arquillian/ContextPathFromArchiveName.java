package dev.offlineaccess.arquillian;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Serves {@code customer-portal.war} at {@code /customer-portal}, as Jetty's own deployer does. The adapter's
 * {@code useArchiveNameAsContext} would do the same, but it exports every WAR to {@code java.io.tmpdir} under its
 * plain name and leaves an empty temporary directory per deployment behind; without it the WAR is exported under
 * {@code target/arquillian-jetty-temp} with a random prefix, and this processor sets the path back.
 */
public final class ContextPathFromArchiveName implements WebAppContextProcessor {
    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        String name = archive.getName();
        if (name.endsWith(".war")) {
            name = name.substring(0, name.length() - ".war".length());
        }
        context.setContextPath("/" + name);
    }
}
