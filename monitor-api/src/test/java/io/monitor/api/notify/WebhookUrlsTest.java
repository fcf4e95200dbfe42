package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookUrlsTest {
    @Test
    void httpsAnywhereAndPlainHttpOnlyToThisMachine() {
        assertThat(WebhookUrls.validate("https://hooks.example.com/monitor").getHost()).isEqualTo("hooks.example.com");
        assertThat(WebhookUrls.validate("http://127.0.0.1:9000/hook").getPort()).isEqualTo(9000);
        assertThat(WebhookUrls.validate("http://localhost/hook").getHost()).isEqualTo("localhost");
        assertThatThrownBy(() -> WebhookUrls.validate("http://hooks.example.com/x")).hasMessageContaining("https");
    }

    @Test
    void rejectsRelativeMalformedAndCredentialBearingUrls() {
        assertThatThrownBy(() -> WebhookUrls.validate("/just/a/path")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> WebhookUrls.validate("https://exa mple.com")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> WebhookUrls.validate("https://user:pw@example.com/")).hasMessageContaining("user:password")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> WebhookUrls.validate(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> WebhookUrls.validate("ftp://example.com/")).hasMessageContaining("https");
    }
}
