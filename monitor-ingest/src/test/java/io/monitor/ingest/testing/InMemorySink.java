package io.monitor.ingest.testing;

import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.MentionSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what a runner publishes, for unit tests of the loop (the ITs use real Kafka). Can be told to fail. */
public final class InMemorySink implements MentionSink {
    public final List<Mention> mentions = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    public final List<ConnectorHealth> health = new CopyOnWriteArrayList<>();
    public volatile int failNext;

    @Override
    public void publish(List<Mention> m, List<DeadLetter> d) {
        if (failNext > 0) {
            failNext--;
            throw new PublishException("simulated: broker unavailable", null);
        }
        mentions.addAll(m);
        deadLetters.addAll(d);
    }

    @Override
    public void health(ConnectorHealth h) {
        health.add(h);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        mentions.forEach(m -> ids.add(m.id()));
        return ids;
    }
}
