package io.monitor.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Which Accept-Encoding headers get gzip, and that a compressed body reads back as it was. */
class CompressionTest {
    @Test
    void browsersAndClientsThatNameGzipGetIt() {
        assertThat(Compression.acceptsGzip("gzip, deflate, br, zstd")).isTrue(); // Chromium
        assertThat(Compression.acceptsGzip("gzip")).isTrue();
        assertThat(Compression.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(Compression.acceptsGzip("x-gzip")).isTrue();
        assertThat(Compression.acceptsGzip("identity, *;q=0.1")).isTrue();
    }

    @Test
    void noHeaderOtherCodingsOrARefusalGetThePlainBody() {
        assertThat(Compression.acceptsGzip(null)).isFalse();
        assertThat(Compression.acceptsGzip("")).isFalse();
        assertThat(Compression.acceptsGzip("identity")).isFalse();
        assertThat(Compression.acceptsGzip("br, deflate")).isFalse();
        assertThat(Compression.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(Compression.acceptsGzip("gzip;q=0.000, *")).as("an explicit refusal wins over '*'").isFalse();
        assertThat(Compression.acceptsGzip("gzip;q=nonsense")).isFalse();
        assertThat(Compression.acceptsGzip("*;q=0")).isFalse();
        assertThat(Compression.acceptsGzip("gzipped")).isFalse();
        assertThat(Compression.acceptsGzip("gzip, ".repeat(300))).as("absurdly long header").isFalse();
    }

    @Test
    void aGzippedBodyReadsBackAsItWasAndRepetitiveJsonShrinks() throws IOException {
        byte[] json = "{\"value\":\"stellwerk\",\"count\":41},".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] gz = Compression.gzip(json);
        assertThat(gz.length).isLessThan(json.length / 10);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(json);
        }
    }
}
