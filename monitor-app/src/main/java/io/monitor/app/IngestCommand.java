package io.monitor.app;

import io.monitor.core.config.MonitorSettings;
import io.monitor.ingest.IngestService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The ingest role alone. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Runs the connectors (and the demo source when ingest.demo.enabled) against an existing Kafka cluster, "
                + "publishing mentions to monitor.mentions.raw. Cursors are kept in Kafka, so a restart resumes without gaps.")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        MonitorSettings s = common.load();
        String bootstrap = CommonOptions.requireBootstrap(s, "ingest");
        try (Shutdown shutdown = new Shutdown()) {
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = Observability.newRegistry();
            shutdown.register(IngestService.start(s, bootstrap, registry, java.time.Clock.systemUTC()));
            shutdown.register(ManagementServer.start(s.api().host(), s.api().port(), registry, () -> true));
            shutdown.await();
        }
        return 0;
    }
}
