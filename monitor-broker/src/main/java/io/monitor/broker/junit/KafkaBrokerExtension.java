package io.monitor.broker.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@code @KafkaBootstrap String} parameters to the shared test broker's bootstrap address
 * (see {@link SharedKafka}). Registered by {@link KafkaBootstrap} itself; {@code @ExtendWith} on the class works too.
 */
public final class KafkaBrokerExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(KafkaBootstrap.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() != String.class) {
            throw new ParameterResolutionException("@KafkaBootstrap needs a String parameter, not "
                    + parameter.getParameter().getType().getName() + " " + parameter.getParameter().getName());
        }
        try {
            return SharedKafka.bootstrapServers();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("no Kafka broker for the test: " + e.getMessage(), e);
        }
    }
}
