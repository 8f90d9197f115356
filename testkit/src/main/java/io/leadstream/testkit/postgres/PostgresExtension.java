package io.leadstream.testkit.postgres;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * JUnit 5 extension on the JVM-shared PostgreSQL ({@link SharedPostgres}): each test class gets a
 * fresh database of its own, so classes cannot see each other's rows. Resolves and injects
 * (parameters of constructors, test and lifecycle methods; static and instance fields):
 * {@link DataSource} and {@code @JdbcUrl String} for the class's database, and
 * {@link EmbeddedPostgresDatabase} for the server itself (e.g. to stop and start it).
 */
public final class PostgresExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        inject(context, context.getRequiredTestClass(), null, ModifierSupport::isStatic);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        inject(context, testInstance.getClass(), testInstance, ModifierSupport::isNotStatic);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedPostgresDatabase.class || type == DataSource.class
                || type == String.class && parameterContext.isAnnotated(JdbcUrl.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return valueFor(extensionContext, parameterContext.getParameter().getType());
    }

    private static void inject(ExtensionContext context, Class<?> type, Object target, Predicate<Field> scope)
            throws IllegalAccessException {
        var fields = ReflectionSupport.findFields(type, scope.and(PostgresExtension::injectable),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (Modifier.isFinal(field.getModifiers())) {
                throw new IllegalStateException("Cannot inject PostgreSQL into final field " + field);
            }
            field.setAccessible(true);
            field.set(target, valueFor(context, field.getType()));
        }
    }

    private static boolean injectable(Field field) {
        Class<?> type = field.getType();
        return type == EmbeddedPostgresDatabase.class || type == DataSource.class
                || type == String.class && field.isAnnotationPresent(JdbcUrl.class);
    }

    private static Object valueFor(ExtensionContext context, Class<?> type) {
        EmbeddedPostgresDatabase server = SharedPostgres.get();
        if (type == EmbeddedPostgresDatabase.class) {
            return server;
        }
        String database = classDatabase(context);
        return type == DataSource.class ? server.dataSource(database) : server.jdbcUrl(database);
    }

    // One database per test class, created on first need and remembered in the class-level store
    // (method-level contexts see their class's store through the parent chain).
    private static String classDatabase(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        return store.computeIfAbsent(testClass, PostgresExtension::createClassDatabase, String.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static String createClassDatabase(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String name = ("t_" + base).substring(0, Math.min(50, base.length() + 2)) + "_" + SEQUENCE.incrementAndGet();
        SharedPostgres.get().createDatabase(name);
        return name;
    }
}
