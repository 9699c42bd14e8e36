package dev.lakehouse.testkit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** Expands each {@link EmulatorTest} method into one invocation per emulator. */
final class EmulatorExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(method -> AnnotationSupport.isAnnotated(method, EmulatorTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        EmulatorTest settings = AnnotationSupport.findAnnotation(method, EmulatorTest.class).orElseThrow();
        if (settings.motoOnly() && settings.reason().isBlank()) {
            throw new ExtensionConfigurationException("@EmulatorTest(motoOnly = true) on "
                    + method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + " must say why in reason");
        }
        String localStackSkip = settings.motoOnly() ? "moto only: " + settings.reason() : null;
        return Stream.of(
                new Invocation("moto", null, EmulatorExtension::moto),
                new Invocation("localstack", localStackSkip, EmulatorExtension::localStack));
    }

    private static Emulator moto() {
        if (!MotoServer.isInstalled()) {
            throw new IllegalStateException("moto is not installed: " + MotoServer.notInstalled());
        }
        return MotoServer.shared();
    }

    private static Emulator localStack() {
        if (!LocalStackEmulator.isDockerAvailable()) {
            throw new TestAbortedException("no Docker engine");
        }
        return LocalStackEmulator.shared();
    }

    /** One run of the test method against one emulator, which it resets first and then injects. */
    private static final class Invocation
            implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver {

        private final String name;
        private final String skipReason;
        private final Supplier<Emulator> emulators;
        private Emulator emulator;

        Invocation(String name, String skipReason, Supplier<Emulator> emulators) {
            this.name = name;
            this.skipReason = skipReason;
            this.emulators = emulators;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + name + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            if (skipReason != null) {
                throw new TestAbortedException(skipReason);
            }
            emulator = emulators.get();
            emulator.reset();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Emulator.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return emulator;
        }
    }
}
