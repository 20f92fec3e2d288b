package dev.offlineaccess.arquillian;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Deploys WARs the way a real Jetty does: the web application's own classes and {@code WEB-INF/lib} first. The
 * Arquillian Jetty adapter defaults to parent-first, which would run the adapter from the test class path instead
 * of from the WAR (and share its statics with the test). {@code classloaderBehavior} cannot be set from
 * arquillian.xml (enum conversion fails), hence this processor; {@link JettyDeploymentExtension} registers it.
 */
public final class ChildFirstClassLoading implements WebAppContextProcessor {
    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        context.setParentLoaderPriority(false);
    }
}
