package dev.offlineaccess.arquillian;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.NullSessionCache;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Keeps a web application's HTTP sessions in a PostgreSQL database shared by every Jetty that deploys it, the way
 * an operator clusters Jetty: {@link JDBCSessionDataStore} behind a {@link NullSessionCache}, so that each request
 * reads the session from the database and writes it back when the response is committed. A browser signed in on
 * one node is then signed in on the other.
 *
 * <p>Active only while the system property {@value #URL_PROPERTY} is set (a {@code jdbc:postgresql:} URL, with
 * {@value #USER_PROPERTY} and {@value #PASSWORD_PROPERTY}); otherwise Jetty's default in-memory sessions stay.
 */
public final class SharedSessionStore implements WebAppContextProcessor {
    /** The JDBC URL of the session database. */
    public static final String URL_PROPERTY = "arquillian.jetty.session-db.url";
    /** Its user. */
    public static final String USER_PROPERTY = "arquillian.jetty.session-db.user";
    /** Its password. */
    public static final String PASSWORD_PROPERTY = "arquillian.jetty.session-db.password";

    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            return;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(System.getProperty(USER_PROPERTY));
        dataSource.setPassword(System.getProperty(PASSWORD_PROPERTY));
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(dataSource);
        JDBCSessionDataStore store = new JDBCSessionDataStore();
        store.setDatabaseAdaptor(adaptor);
        NullSessionCache cache = new NullSessionCache(context.getSessionHandler());
        cache.setSaveOnCreate(true);
        cache.setFlushOnResponseCommit(true);
        cache.setSessionDataStore(store);
        context.getSessionHandler().setSessionCache(cache);
    }
}
