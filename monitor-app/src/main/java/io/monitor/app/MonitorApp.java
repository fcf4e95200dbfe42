package io.monitor.app;

import io.monitor.core.config.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one executable. Each role runs alone against an existing cluster, or all of them together
 * ({@code run}) with an embedded broker.
 *
 * <pre>
 *   java -jar monitor-app/target/monitor.jar run                      # everything, embedded Kafka, demo data
 *   java -jar monitor-app/target/monitor.jar streams --bootstrap-servers kafka:9092 --config monitor.yaml
 *   java -jar monitor-app/target/monitor.jar help run
 * </pre>
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = MonitorApp.Version.class,
        description = "Social listening and crisis alerting: brand mentions into Kafka, detection in Kafka Streams, "
                + "alerts to community managers and on-call staff.",
        subcommands = {RunCommand.class, IngestCommand.class, StreamsCommand.class, ApiCommand.class,
                SentimentCommand.class, BacktestCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class MonitorApp {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; configuration errors print one line naming the key. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new MonitorApp());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable root = ex;
            while (root.getCause() != null && !(root instanceof SettingsException)) {
                root = root.getCause();
            }
            if (root instanceof SettingsException se) {
                commandLine.getErr().println("Configuration error: " + se.getMessage());
                return 2;
            }
            commandLine.getErr().println("Error: " + ex.getMessage());
            org.slf4j.LoggerFactory.getLogger(MonitorApp.class).debug("command failed", ex);
            return 1;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MonitorApp.class.getPackage().getImplementationVersion();
            return new String[] {"monitor " + (v == null ? "development build" : v)};
        }
    }
}
