package io.monitor.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.Sleeper;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.InMemoryCursorStore;
import io.monitor.ingest.testing.InMemorySink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetaWebhookConnectorTest {
    static final byte[] BODY = resource("body.bin");
    static final String SIGNATURE = new String(resource("body.bin.X-Hub-Signature-256.txt"), StandardCharsets.UTF_8).trim();
    final HttpClient client = HttpClient.newHttpClient();
    final MetaWebhookConnector meta = connector();

    static byte[] resource(String name) {
        try (InputStream in = MetaWebhookConnectorTest.class.getClassLoader()
                .getResourceAsStream("fixtures/meta/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetaWebhookConnector connector() {
        SourceSettings s = new SourceSettings("fb", "meta", true, null, null, "META_SECRET", List.of(),
                Map.of("port", 0, "bind", "127.0.0.1", "verifyTokenEnv", "META_VERIFY"));
        return new MetaWebhookConnector(new SourceContext("ingest.sources[6]", s, List.of(), Clock.systemUTC(),
                new HttpFetcher(Clock.systemUTC())),
                Map.of("META_SECRET", "test-app-secret", "META_VERIFY", "s3cret-verify")::get);
    }

    @AfterEach
    void stop() {
        meta.close();
    }

    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + meta.port() + "/webhooks/meta" + (query == null ? "" : "?" + query));
    }

    CompletableFuture<HttpResponse<String>> post(byte[] body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(null)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHandshakeEchoesTheChallengeOnlyForTheRightVerifyToken() throws Exception {
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri(
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=s3cret-verify")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(uri(
                "hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    @Test
    void theRecordedSignatureIsAcceptedOverTheRawBytes_andATamperedBodyOrMissingSignatureIsRefused() {
        assertThat(meta.signatureValid(SIGNATURE, BODY)).isTrue();
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(meta.signatureValid(SIGNATURE, tampered)).isFalse();
        assertThat(meta.signatureValid(null, BODY)).isFalse();
        assertThat(meta.signatureValid("sha256=zz", BODY)).isFalse();
        assertThat(meta.signatureValid(SIGNATURE.replace("sha256=", "sha1="), BODY)).isFalse();
    }

    @Test
    void aSignedDeliveryIsAnswered200OnlyAfterItsBatchWasAcknowledged() throws Exception {
        CompletableFuture<HttpResponse<String>> response = post(BODY, SIGNATURE);

        Batch b = fetchUntilNotEmpty(null);
        assertThat(b.mentions()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("44444444_444444444");
            assertThat(m.text()).isEqualTo("Example post content.");
            assertThat(m.author().displayName()).isEqualTo("Test Page");
            assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1234567890));
        });
        Thread.sleep(300);
        assertThat(response).isNotDone();
        // the runner could not publish: it asks again with the old cursor and gets the same batch
        assertThat(meta.fetch(null)).isSameAs(b);
        assertThat(response).isNotDone();
        // published: the next fetch carries this batch's cursor
        meta.fetch(b.cursor());
        assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aBadSignatureIsRefusedWith403AndNothingIsKept() throws Exception {
        assertThat(post(BODY, "sha256=" + "0".repeat(64)).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(post(BODY, null).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(meta.fetch(null).mentions()).isEmpty();
    }

    @Test
    void inTheRunner_aSignedDeliveryReachesTheSinkAndIsAnswered200() throws Exception {
        InMemorySink sink = new InMemorySink();
        Thread t = new Thread(new ConnectorRunner(meta, sink, new InMemoryCursorStore(), RetryPolicy.DEFAULT,
                Clock.systemUTC(), Sleeper.SYSTEM, new SimpleMeterRegistry()));
        t.start();
        try {
            assertThat(post(BODY, SIGNATURE).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("44444444_444444444");
        } finally {
            t.interrupt();
            t.join(3000);
        }
    }

    @Test
    void withoutTheAppSecretTheSettingsErrorNamesTheKey() {
        SourceSettings s = new SourceSettings("fb", "meta", true, null, null, "META_SECRET", List.of(),
                Map.of("port", 0));
        assertThatThrownBy(() -> new MetaWebhookConnector(new SourceContext("ingest.sources[6]", s, List.of(),
                Clock.systemUTC(), new HttpFetcher(Clock.systemUTC())), Map.<String, String>of()::get))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ingest.sources[6].credentialEnv");
    }

    Batch fetchUntilNotEmpty(String cursor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Batch b = meta.fetch(cursor);
            if (!b.mentions().isEmpty() || !b.rejected().isEmpty()) {
                return b;
            }
        }
        throw new AssertionError("no delivery arrived");
    }
}
