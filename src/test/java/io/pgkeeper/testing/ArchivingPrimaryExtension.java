package io.pgkeeper.testing;

import java.util.Map;

/**
 * An {@link ArchivingPrimary} for the test class: {@code @ExtendWith(ArchivingPrimaryExtension.class)},
 * then {@code @BeforeAll static void start(ArchivingPrimary primary)}; {@link ServerSettings} on the
 * parameter add to its archiving settings. Stopped, and its directory deleted, when the class is done.
 */
public final class ArchivingPrimaryExtension extends ServerExtension<ArchivingPrimary> {
    public ArchivingPrimaryExtension() {
        super(ArchivingPrimary.class);
    }

    @Override
    ArchivingPrimary start(Map<String, String> settings) {
        return ArchivingPrimary.start(settings, "");
    }
}
