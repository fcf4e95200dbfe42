package io.monitor.broker.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@code String} parameter (test method, lifecycle method or constructor) that receives the bootstrap
 * address of the shared test broker ({@link SharedKafka#bootstrapServers()}). The annotation registers
 * {@link KafkaBrokerExtension} itself:
 * <pre>{@code
 * @BeforeAll static void topics(@KafkaBootstrap String bootstrap) { TopicAdmin.ensureTopics(bootstrap); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@ExtendWith(KafkaBrokerExtension.class)
public @interface KafkaBootstrap {
}
