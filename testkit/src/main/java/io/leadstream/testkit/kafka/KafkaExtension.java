package io.leadstream.testkit.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * JUnit 5 extension giving tests the JVM-shared Kafka broker ({@link SharedKafkaBroker}), started on
 * first use. Resolves {@link KafkaBroker} parameters and {@code @BootstrapServers String} parameters
 * of test methods, constructors and lifecycle methods, and fills fields of those types
 * (static ones before all tests, instance ones per test instance).
 */
public final class KafkaExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        inject(context.getRequiredTestClass(), null, ModifierSupport::isStatic);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        inject(testInstance.getClass(), testInstance, ModifierSupport::isNotStatic);
    }

    private static void inject(Class<?> type, Object target, Predicate<Field> scope) throws IllegalAccessException {
        var fields = ReflectionSupport.findFields(type, scope.and(KafkaExtension::injectable),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (Modifier.isFinal(field.getModifiers())) {
                throw new IllegalStateException("Cannot inject the Kafka broker into final field " + field);
            }
            field.setAccessible(true);
            field.set(target, valueFor(field.getType()));
        }
    }

    private static boolean injectable(Field field) {
        return field.getType() == KafkaBroker.class
                || field.getType() == String.class && field.isAnnotationPresent(BootstrapServers.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaBroker.class
                || type == String.class && parameterContext.isAnnotated(BootstrapServers.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return valueFor(parameterContext.getParameter().getType());
    }

    private static Object valueFor(Class<?> type) {
        KafkaBroker broker = SharedKafkaBroker.get();
        return type == KafkaBroker.class ? broker : broker.bootstrapServers();
    }
}
