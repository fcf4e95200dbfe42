package io.monitor.app;

import io.monitor.api.ApiServer;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The API role alone. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Serves the REST API, the live incident stream (SSE) and the dashboard against an existing cluster. "
                + "Timelines need a Streams instance in the same process (use `run`) until cross-instance queries land.")
final class ApiCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "HTTP port (api.port, default 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        MonitorSettings s = common.load();
        if (port != null) {
            s = s.withApi(s.api().withPort(port));
        }
        String bootstrap = CommonOptions.requireBootstrap(s, "api");
        TopicAdmin.ensureTopics(bootstrap, Topics.all(), s.kafka().replicationFactor().shortValue());
        try (Shutdown shutdown = new Shutdown()) {
            ApiServer api = shutdown.register(ApiServer.create(s, bootstrap, null, () -> true));
            Observability.bindProcessMetrics(api.meterRegistry());
            api.start();
            shutdown.await();
        }
        return 0;
    }
}
