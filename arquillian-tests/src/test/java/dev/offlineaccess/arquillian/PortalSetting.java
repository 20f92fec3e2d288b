package dev.offlineaccess.arquillian;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One more setting for the portals a test class deploys, e.g. {@code @PortalSetting(name = "BACKUP_INTERVAL",
 * value = "PT2S")}; {@link PortalEnvironment} sets it as a system property before the deployment.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(PortalSetting.List.class)
public @interface PortalSetting {
    String name();

    String value();

    /** The container of repeated {@link PortalSetting}s. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        PortalSetting[] value();
    }
}
