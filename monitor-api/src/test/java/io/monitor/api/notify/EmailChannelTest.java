package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** E-mail over the module's own SMTP client against a tiny local SMTP server. */
@Timeout(30)
class EmailChannelTest {
    private LocalSmtpServer smtp;
    private final Clock clock = Clock.fixed(Deliveries.STARTS, ZoneOffset.UTC);

    @BeforeEach
    void start() throws Exception {
        smtp = new LocalSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
    }

    private EmailChannel channel(List<String> to) {
        return new EmailChannel("mail", "127.0.0.1", smtp.port(), false, "monitor@example.com", to, "[monitor]", clock);
    }

    @Test
    void aNotificationIsMailedToEveryRecipientAsReadableUtf8Text() {
        Attempt a = channel(List.of("cm@example.com", "oncall@example.com")).send(Deliveries.opened());

        assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
        assertThat(a.detail()).isEqualTo("SMTP 250 OK queued as 1");
        assertThat(smtp.commands).containsExactly("EHLO monitor.local", "MAIL FROM:<monitor@example.com>",
                "RCPT TO:<cm@example.com>", "RCPT TO:<oncall@example.com>", "DATA", "QUIT");
        LocalSmtpServer.Message m = smtp.messages.get(0);
        assertThat(m.from()).isEqualTo("monitor@example.com");
        assertThat(m.to()).containsExactly("cm@example.com", "oncall@example.com");
        String[] parts = m.data().split("\r\n\r\n", 2);
        assertThat(parts[0].split("\r\n")).containsExactly(
                "From: monitor@example.com",
                "To: cm@example.com, oncall@example.com",
                "Subject: [monitor] [CRITICAL] Acme Bahn: New incident",
                "Date: Tue, 24 Nov 2026 09:00:00 GMT",
                "Message-ID: <d-1@monitor>",
                "X-Monitor-Delivery: d-1",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: base64");
        assertThat(parts[1].lines()).allMatch(l -> l.length() <= 76);
        String body = new String(Base64.getMimeDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(String.join("\r\n",
                "Acme Bahn: New incident",
                "",
                "Negative mentions of Acme Bahn spiked: 42 in 5m, 7.0x the usual 6.0",
                "",
                "Severity: CRITICAL",
                "State: open",
                "Negative posts: 42 in 5m",
                "Usual: 6.0 (7.0x)",
                "Rule: Negative volume spike",
                "Started: 2026-11-24 09:00 UTC",
                "",
                "Sample posts:",
                "> Zug fällt schon wieder aus <3 & kein Ersatz — https://x.example/1",
                "> ICE 574 steht seit 2h — https://x.example/2",
                "> Danke für nichts @acmebahn — https://x.example/3",
                "",
                "Open in dashboard: https://monitor.example.com/#incident=fp-42",
                ""));
    }

    @Test
    void aNonAsciiSubjectIsEncodedAsAnEncodedWord() {
        Delivery d = new Delivery(1, "d-2", "mail", "acknowledged",
                Deliveries.incident(Severity.WARNING, "acknowledged", "jürgen"), "Acme Bahn", "https://m/#incident=x",
                Deliveries.STARTS);
        channel(List.of("cm@example.com")).send(d);
        String subject = smtp.messages.get(0).data().lines().filter(l -> l.startsWith("Subject: ")).findFirst()
                .orElseThrow().substring(9);
        assertThat(subject).startsWith("=?UTF-8?B?");
        assertThat(new String(Base64.getDecoder().decode(subject.substring(10, subject.length() - 2)),
                StandardCharsets.UTF_8)).isEqualTo("[monitor] [WARNING] Acme Bahn: Acknowledged by jürgen");
    }

    @Test
    void aTemporaryRefusalIsRetriedAPermanentOneRejectedAndADeadServerRetried() throws Exception {
        smtp.rcptReply = "451 4.3.0 mailbox busy, try later";
        assertThat(channel(List.of("cm@example.com")).send(Deliveries.opened()))
                .isEqualTo(Attempt.retry("SMTP RCPT answered 451 4.3.0 mailbox busy, try later"));
        smtp.rcptReply = "550 5.1.1 no such user";
        assertThat(channel(List.of("cm@example.com")).send(Deliveries.opened()))
                .isEqualTo(Attempt.rejected("SMTP RCPT answered 550 5.1.1 no such user"));
        assertThat(smtp.messages).isEmpty();
        try (java.net.ServerSocket hangsUp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = hangsUp.accept()) {
                    // closes at once: a server that goes away mid-dialogue
                } catch (java.io.IOException ignored) {
                }
            });
            t.start();
            Attempt down = new EmailChannel("mail", "127.0.0.1", hangsUp.getLocalPort(), false, "m@example.com",
                    List.of("c@example.com"), "[monitor]", clock).send(Deliveries.opened());
            t.join();
        assertThat(down.outcome()).as(down.detail()).isEqualTo(Attempt.Outcome.RETRY);
            assertThat(down.detail()).isEqualTo("IOException: the SMTP server closed the connection");
        }
    }

    @Test
    void starttlsUpgradesTheConnectionAndChecksTheCertificateAgainstTheHost() throws Exception {
        // A test-only self-signed certificate for 127.0.0.1 and smtp.test (see README.txt next to it).
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = EmailChannelTest.class.getResourceAsStream("smtp-test.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext serverTls = javax.net.ssl.SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext clientTls = javax.net.ssl.SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        try (LocalSmtpServer secure = new LocalSmtpServer(serverTls)) {
            EmailChannel ch = new EmailChannel("mail", new SmtpClient("127.0.0.1", secure.port(), true,
                    "monitor.local", clientTls.getSocketFactory()), "monitor@example.com", List.of("cm@example.com"),
                    "[monitor]", clock);
            assertThat(ch.send(Deliveries.opened()).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
            assertThat(secure.secured).isTrue();
            assertThat(secure.commands).containsExactly("EHLO monitor.local", "STARTTLS", "EHLO monitor.local",
                    "MAIL FROM:<monitor@example.com>", "RCPT TO:<cm@example.com>", "DATA", "QUIT");
            assertThat(secure.messages).hasSize(1);

            EmailChannel wrongHost = new EmailChannel("mail", new SmtpClient("localhost", secure.port(), true,
                    "monitor.local", clientTls.getSocketFactory()), "monitor@example.com", List.of("cm@example.com"),
                    "[monitor]", clock);
            Attempt refused = wrongHost.send(Deliveries.opened());
            assertThat(refused.outcome()).as("the certificate names 127.0.0.1 and smtp.test, not localhost")
                    .isEqualTo(Attempt.Outcome.RETRY);
            assertThat(refused.detail()).contains("SSLHandshakeException");
            assertThat(secure.messages).hasSize(1);
        }
    }

    @Test
    void aLineStartingWithADotIsStuffedSoItCannotEndTheMessage() {
        assertThat(SmtpClient.dotStuff(".a\r\n.\r\nb")).isEqualTo("..a\r\n..\r\nb");
    }
}
