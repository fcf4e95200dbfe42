package io.monitor.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Prometheus metric names the app exposes, derived at test time rather than listed by hand:
 * <ol>
 *   <li>every meter built in {@code ../monitor-* /src/main/java} ({@code Counter.builder("...")}, {@code Timer.builder},
 *       {@code Gauge.builder}, {@code DistributionSummary.builder}, ..., and {@code registry.counter("...")} style
 *       shorthands; names given as {@code static final String} constants are resolved) is registered, with the
 *       histogram/percentile/base-unit options its builder chain uses, in a real {@link PrometheusMeterRegistry};</li>
 *   <li>every Micrometer binder the sources instantiate ({@code new JvmMemoryMetrics()} and the like) is bound to it;</li>
 *   <li>when the sources bind {@link KafkaClientMetrics} / {@link KafkaStreamsMetrics}, real (never connected) Kafka
 *       clients and a real {@link KafkaStreams} are bound to it;</li>
 * </ol>
 * and the registry is scraped. So the exposed names follow Micrometer's own Prometheus naming (suffixes
 * {@code _total}, {@code _seconds_bucket}, base units), not a copy of it.
 */
final class MetricCatalog {
    /** One meter found in the sources. */
    record Found(String type, String name, String chain, Path file, Set<String> tagKeys) {
    }

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)\\s*\\.\\s*builder\\s*\\(\\s*([^,)]+)");
    private static final Pattern SHORTHAND = Pattern.compile("\\.(counter|timer|summary|gauge|more\\(\\)\\.longTaskTimer)\\(\\s*\"([^\"]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("\\bString\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"\\s*;");
    private static final Pattern BINDER = Pattern.compile("new\\s+(\\w+Metrics)\\s*\\(\\s*\\)");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*(?:\"([^\"]+)\"|BaseUnits\\.([A-Z_]+))");

    private static MetricCatalog instance;

    final List<Found> found = new ArrayList<>();
    final Set<String> unresolved = new TreeSet<>();
    final Set<String> binders = new TreeSet<>();
    final boolean kafkaClientMetrics;
    final boolean kafkaStreamsMetrics;
    final Set<String> exposed = new TreeSet<>();
    /** What Micrometer's Kafka binders expose on real clients, whether or not the app binds them yet. */
    final Set<String> kafkaBinderNames = new TreeSet<>();
    /** Prometheus name of a product meter → the tag keys its sources give it (labels a query may use). */
    final Map<String, Set<String>> tagKeys = new HashMap<>();

    static synchronized MetricCatalog get() {
        if (instance == null) {
            instance = new MetricCatalog(DeployFiles.appSources());
        }
        return instance;
    }

    MetricCatalog(List<Path> sources) {
        Map<String, String> constants = new HashMap<>();
        Map<Path, String> texts = new HashMap<>();
        for (Path p : sources) {
            String text = DeployFiles.read(p);
            texts.put(p, text);
            Matcher c = CONSTANT.matcher(text);
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
        }
        boolean kafkaClients = false;
        boolean kafkaStreams = false;
        for (Path p : sources) {
            String text = texts.get(p);
            Matcher b = BUILDER.matcher(text);
            while (b.find()) {
                String arg = b.group(2).trim();
                String name = resolve(arg, constants);
                if (name == null) {
                    unresolved.add(b.group(1) + ".builder(" + arg + ") in " + p.getFileName());
                    continue;
                }
                String chain = chain(text, b.end());
                found.add(new Found(b.group(1), name, chain, p, tagKeys(chain, text)));
            }
            Matcher s = SHORTHAND.matcher(text);
            while (s.find()) {
                String type = switch (s.group(1)) {
                    case "counter" -> "Counter";
                    case "timer" -> "Timer";
                    case "summary" -> "DistributionSummary";
                    case "gauge" -> "Gauge";
                    default -> "LongTaskTimer";
                };
                found.add(new Found(type, s.group(2), "", p, tagKeys(statement(text, s.end()), text)));
            }
            Matcher bind = BINDER.matcher(text);
            while (bind.find()) {
                binders.add(bind.group(1));
            }
            kafkaClients |= text.contains("new KafkaClientMetrics(");
            kafkaStreams |= text.contains("new KafkaStreamsMetrics(");
        }
        this.kafkaClientMetrics = kafkaClients;
        this.kafkaStreamsMetrics = kafkaStreams;
        for (Found f : found) {
            Set<String> names = scrapeNames(reg -> register(f, reg));
            exposed.addAll(names);
            names.forEach(n -> tagKeys.computeIfAbsent(n, k -> new TreeSet<>()).addAll(f.tagKeys()));
        }
        for (String binder : binders) {
            MeterBinder instance = binder(binder);
            if (instance != null) {
                exposed.addAll(scrapeNames(instance::bindTo));
            }
        }
        Set<String> clientNames = kafkaClientNames();
        Set<String> streamsNames = kafkaStreamsNames();
        kafkaBinderNames.addAll(clientNames);
        kafkaBinderNames.addAll(streamsNames);
        if (kafkaClients) {
            exposed.addAll(clientNames);
        }
        if (kafkaStreams) {
            exposed.addAll(streamsNames);
        }
    }

    private static String resolve(String arg, Map<String, String> constants) {
        if (arg.startsWith("\"") && arg.endsWith("\"") && arg.length() >= 2) {
            return arg.substring(1, arg.length() - 1);
        }
        String simple = arg.substring(arg.lastIndexOf('.') + 1);
        return constants.get(simple);
    }

    /** The builder chain after the name, up to its {@code .register(}. */
    private static String chain(String text, int from) {
        int end = text.indexOf(".register(", from);
        int stop = text.indexOf(';', from);
        if (end < 0 || (stop >= 0 && stop < end && !text.substring(from, stop).contains("."))) {
            end = stop < 0 ? text.length() : stop;
        }
        return text.substring(from, Math.min(end, from + 4000));
    }

    private static final Pattern TAG_KEY = Pattern.compile("\\.(?:tag|and)\\(\\s*\"([^\"]+)\"");
    private static final Pattern TAGS_OF = Pattern.compile("Tags\\.of\\(");
    private static final Pattern LITERAL = Pattern.compile("^\\s*\"([^\"]+)\"\\s*$");

    /** The rest of the statement (up to the next semicolon). */
    private static String statement(String text, int from) {
        int stop = text.indexOf(';', from);
        return text.substring(from, stop < 0 ? text.length() : stop);
    }

    /**
     * Tag keys of one meter: {@code .tag("k", ...)}, {@code .and("k", ...)}, {@code Tags.of("k", v, ...)} in its builder
     * chain; when the chain passes a variable named like {@code tags}, the keys of every {@code Tags.of} of the file.
     */
    static Set<String> tagKeys(String chain, String fileText) {
        Set<String> keys = new TreeSet<>();
        Matcher m = TAG_KEY.matcher(chain);
        while (m.find()) {
            keys.add(m.group(1));
        }
        keys.addAll(tagsOfKeys(chain));
        if (Pattern.compile("\\b\\w*[tT]ags\\b(?!\\.of)").matcher(chain.replace("Tags.of", "")).find()) {
            keys.addAll(tagsOfKeys(fileText));
            Matcher all = TAG_KEY.matcher(fileText);
            while (all.find()) {
                keys.add(all.group(1));
            }
        }
        return keys;
    }

    private static Set<String> tagsOfKeys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = TAGS_OF.matcher(text);
        while (m.find()) {
            List<String> args = arguments(text, m.end());
            for (int i = 0; i + 1 < args.size(); i += 2) {
                Matcher lit = LITERAL.matcher(args.get(i));
                if (lit.find()) {
                    keys.add(lit.group(1));
                }
            }
        }
        return keys;
    }

    /** The comma-separated arguments of a call whose '(' ends just before {@code from}, nested calls kept whole. */
    private static List<String> arguments(String text, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        StringBuilder cur = new StringBuilder();
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
            if (!inString) {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (depth == 0) {
                        args.add(cur.toString());
                        return args;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    continue;
                }
            }
            cur.append(c);
        }
        return args;
    }

    private static String baseUnit(String chain) {
        Matcher m = BASE_UNIT.matcher(chain);
        if (!m.find()) {
            return null;
        }
        if (m.group(1) != null) {
            return m.group(1);
        }
        try {
            return (String) io.micrometer.core.instrument.binder.BaseUnits.class.getField(m.group(2)).get(null);
        } catch (ReflectiveOperationException e) {
            return m.group(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static void register(Found f, MeterRegistry reg) {
        String chain = f.chain();
        String unit = baseUnit(chain);
        boolean histogram = chain.contains("publishPercentileHistogram(") || chain.contains("serviceLevelObjectives(");
        boolean percentiles = chain.contains("publishPercentiles(");
        Object obj = new Object();
        switch (f.type()) {
            case "Counter" -> Counter.builder(f.name()).baseUnit(unit).register(reg);
            case "FunctionCounter" -> FunctionCounter.builder(f.name(), obj, o -> 1).baseUnit(unit).register(reg);
            case "Gauge" -> Gauge.builder(f.name(), obj, o -> 1).baseUnit(unit).register(reg);
            case "TimeGauge" -> TimeGauge.builder(f.name(), obj, TimeUnit.SECONDS, o -> 1).register(reg);
            case "Timer" -> {
                Timer.Builder b = Timer.builder(f.name()).publishPercentileHistogram(histogram);
                if (percentiles) {
                    b.publishPercentiles(0.5, 0.95, 0.99);
                }
                b.register(reg).record(Duration.ofMillis(5));
            }
            case "DistributionSummary" -> {
                DistributionSummary.Builder b = DistributionSummary.builder(f.name()).baseUnit(unit)
                        .publishPercentileHistogram(histogram);
                if (percentiles) {
                    b.publishPercentiles(0.5, 0.95, 0.99);
                }
                b.register(reg).record(5);
            }
            case "LongTaskTimer" -> LongTaskTimer.builder(f.name()).register(reg);
            case "FunctionTimer" -> FunctionTimer.builder(f.name(), obj, o -> 1, o -> 1, TimeUnit.SECONDS).register(reg);
            default -> throw new IllegalStateException(f.type());
        }
    }

    private static MeterBinder binder(String simpleName) {
        for (String pkg : List.of("jvm", "system", "logging", "db", "cache", "http", "net")) {
            try {
                Class<?> c = Class.forName("io.micrometer.core.instrument.binder." + pkg + "." + simpleName);
                if (MeterBinder.class.isAssignableFrom(c)) {
                    return (MeterBinder) c.getConstructor().newInstance();
                }
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // not in this package, or not a no-argument binder
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + simpleName, e);
            }
        }
        return null;
    }

    private interface Binding {
        void bind(MeterRegistry registry) throws Exception;
    }

    static Set<String> scrapeNames(Binding binding) {
        PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            binding.bind(reg);
            return names(reg.scrape());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            reg.close();
        }
    }

    static Set<String> names(String scrape) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            out.add(line.substring(0, end));
        }
        return out;
    }

    private static Set<String> kafkaClientNames() {
        Properties common = new Properties();
        common.put("bootstrap.servers", "127.0.0.1:1"); // never contacted before close()
        Properties cp = new Properties();
        cp.putAll(common);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "deploy-metric-names");
        Properties pp = new Properties();
        pp.putAll(common);
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1");
        Properties ap = new Properties();
        ap.putAll(common);
        ap.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1000");
        ap.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
             AdminClient admin = AdminClient.create(ap)) {
            List<KafkaClientMetrics> bound = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer),
                    new KafkaClientMetrics(admin));
            try {
                return scrapeNames(reg -> bound.forEach(b -> b.bindTo(reg)));
            } finally {
                bound.forEach(KafkaClientMetrics::close);
            }
        }
    }

    private static Set<String> kafkaStreamsNames() {
        Path state;
        try {
            state = Files.createTempDirectory("deploy-metric-names");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deploy-metric-names");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaStreamsMetrics bound = new KafkaStreamsMetrics(streams);
        try {
            return scrapeNames(bound::bindTo);
        } finally {
            bound.close();
            streams.close(Duration.ofSeconds(5));
        }
    }
}
