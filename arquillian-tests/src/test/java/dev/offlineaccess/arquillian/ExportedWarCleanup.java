package dev.offlineaccess.arquillian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Deletes the copy of the WAR that the Arquillian Jetty adapter exports for each deployment (under
 * {@code target/arquillian-jetty-temp}, about 18 MB for the portal) once the deployment has stopped; the adapter
 * keeps them all, so repeated builds would pile them up. Jetty itself works from its own extracted copy, which it
 * removes on stop.
 */
public final class ExportedWarCleanup implements WebAppContextProcessor {
    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        Path exported = Path.of(context.getWar());
        context.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                try {
                    Files.deleteIfExists(exported);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the exported " + exported, e);
                }
            }
        });
    }
}
