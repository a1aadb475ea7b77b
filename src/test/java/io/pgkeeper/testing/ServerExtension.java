package io.pgkeeper.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A server for a test class, handed to its {@code @BeforeAll} method as a parameter and stopped
 * after its {@code @AfterAll} methods, also when the set-up failed half-way: the start/stop pair
 * every integration test repeated. One server per class and type; a test method that asks for one
 * gets its class's.
 */
abstract class ServerExtension<T extends AutoCloseable> implements ParameterResolver {
    private final Class<T> type;

    ServerExtension(Class<T> type) {
        this.type = type;
    }

    /** Starts the server, with the settings of the parameter's {@link ServerSettings} (none: the defaults). */
    abstract T start(Map<String, String> settings);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public T resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = classContext(context).getStore(ExtensionContext.Namespace.create(ServerExtension.class, type));
        Running<?> running = store.getOrComputeIfAbsent("server", k -> new Running<>(start(settings(parameter))), Running.class);
        return type.cast(running.server());
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Map<String, String> settings(ParameterContext parameter) {
        Map<String, String> settings = new LinkedHashMap<>();
        parameter.findAnnotation(ServerSettings.class).ifPresent(s -> {
            for (String setting : s.value()) {
                int eq = setting.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("@ServerSettings takes name=value, got " + setting);
                }
                settings.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
        });
        return settings;
    }

    /** The store closes this when the class's tests are done. */
    private record Running<T extends AutoCloseable>(T server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
