package io.pgkeeper.testing;

import java.util.Map;

/**
 * A {@link TestCluster} for the test class: {@code @ExtendWith(ClusterExtension.class)}, then
 * {@code @BeforeAll static void start(TestCluster pg)}, with {@link ServerSettings} on the
 * parameter for settings other than the defaults. Stopped when the class is done.
 */
public final class ClusterExtension extends ServerExtension<TestCluster> {
    public ClusterExtension() {
        super(TestCluster.class);
    }

    @Override
    TestCluster start(Map<String, String> settings) {
        return TestCluster.start(settings);
    }
}
