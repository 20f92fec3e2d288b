package dev.offlineaccess.arquillian;

import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * How this suite's Jetty instances deploy a WAR, beyond what arquillian.xml can say: child-first class loading,
 * the context path from the archive name, (for the two-node tests) HTTP sessions in a shared database, and no
 * exported WAR left behind. Listed
 * in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class JettyDeploymentExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(WebAppContextProcessor.class, ChildFirstClassLoading.class);
        builder.service(WebAppContextProcessor.class, ContextPathFromArchiveName.class);
        builder.service(WebAppContextProcessor.class, SharedSessionStore.class);
        builder.service(WebAppContextProcessor.class, ExportedWarCleanup.class);
    }
}
