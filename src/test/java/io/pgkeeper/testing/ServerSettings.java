package io.pgkeeper.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** postgresql.conf settings of the server a {@link ClusterExtension} or {@link ArchivingPrimaryExtension} starts, as {@code name=value}. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ServerSettings {
    String[] value();
}
