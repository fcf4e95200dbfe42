package io.monitor.broker.junit;

import static io.monitor.broker.KafkaTestClients.createTopic;
import static io.monitor.broker.KafkaTestClients.producer;
import static io.monitor.broker.KafkaTestClients.readCommitted;
import static io.monitor.broker.KafkaTestClients.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared test broker is one real broker per JVM, reachable through the static API and through injection. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedKafkaIT {
    private static String injectedBeforeAll;
    private final String injectedInConstructor;

    SharedKafkaIT(@KafkaBootstrap String bootstrap) {
        this.injectedInConstructor = bootstrap;
    }

    @BeforeAll
    static void remember(@KafkaBootstrap String bootstrap) {
        injectedBeforeAll = bootstrap;
    }

    @Test
    void bootstrapServersIsAWorkingBrokerAndTheSameOnEveryCall() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        createTopic(bootstrap, "shared-kafka-it", 1);
        try (KafkaProducer<String, String> p = producer(bootstrap, null)) {
            send(p, "shared-kafka-it", "hello");
        }

        assertThat(readCommitted(bootstrap, "shared-kafka-it")).containsExactly("hello");
        assertThat(SharedKafka.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(SharedKafka.mode()).isIn(SharedKafka.Mode.EMBEDDED, SharedKafka.Mode.TESTCONTAINERS);
    }

    @Test
    void kafkaBootstrapParametersReceiveTheSharedAddress(@KafkaBootstrap String bootstrap) {
        assertThat(bootstrap).isEqualTo(SharedKafka.bootstrapServers())
                .isEqualTo(injectedInConstructor).isEqualTo(injectedBeforeAll);
    }
}
