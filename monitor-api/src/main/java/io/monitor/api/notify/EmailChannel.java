package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * E-mail over SMTP ({@code type: email}; options {@code host}, {@code port} (25), {@code from}, {@code to} (one
 * address or a list), {@code starttls} (false), {@code subjectPrefix} ("[monitor]")). A plain-text UTF-8 message,
 * base64-encoded so any relay carries umlauts intact; {@code Message-ID} derives from the delivery id, so a retried
 * delivery is recognisable as the same message.
 */
public final class EmailChannel implements Channel {
    private final String id;
    private final SmtpClient smtp;
    private final String from;
    private final List<String> to;
    private final String subjectPrefix;
    private final Clock clock;
    private final Messages texts;

    public EmailChannel(String id, String host, int port, boolean starttls, String from, List<String> to,
                        String subjectPrefix, Clock clock) {
        this(id, host, port, starttls, from, to, subjectPrefix, clock, Messages.ENGLISH);
    }

    /** @param texts the language and time zone of subject and text */
    public EmailChannel(String id, String host, int port, boolean starttls, String from, List<String> to,
                        String subjectPrefix, Clock clock, Messages texts) {
        this(id, new SmtpClient(host, port, starttls, "monitor.local"), from, to, subjectPrefix, clock, texts);
    }

    EmailChannel(String id, SmtpClient smtp, String from, List<String> to, String subjectPrefix, Clock clock) {
        this(id, smtp, from, to, subjectPrefix, clock, Messages.ENGLISH);
    }

    EmailChannel(String id, SmtpClient smtp, String from, List<String> to, String subjectPrefix, Clock clock,
                 Messages texts) {
        this.texts = texts;
        this.id = id;
        this.smtp = smtp;
        this.from = from;
        this.to = List.copyOf(to);
        this.subjectPrefix = subjectPrefix;
        this.clock = clock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Attempt send(Delivery d) {
        return smtp.send(from, to, message(d));
    }

    String message(Delivery d) {
        String body = text(d, texts);
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(String.join(", ", to)).append("\r\n");
        m.append("Subject: ").append(encodeHeader(subject(d))).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock))).append("\r\n");
        m.append("Message-ID: <").append(d.deliveryId()).append("@monitor>\r\n");
        m.append("X-Monitor-Delivery: ").append(d.deliveryId()).append("\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n\r\n");
        m.append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        return m.toString();
    }

    String subject(Delivery d) {
        return subjectPrefix + " [" + texts.severityTag(d.incident().severity()) + "] " + texts.title(d);
    }

    /** The message text, plain and readable on a phone. */
    static String text(Delivery d, Messages m) {
        Incident i = d.incident();
        StringBuilder t = new StringBuilder();
        t.append(m.title(d)).append("\n\n");
        t.append(m.summary(d)).append("\n\n");
        m.facts(i).forEach((k, v) -> t.append(k).append(": ").append(v).append('\n'));
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            t.append('\n').append(m.samplesLabel()).append(":\n");
            samples.forEach(s -> t.append("> ").append(s.replace("\n", " ")).append('\n'));
        }
        t.append('\n').append(m.openInDashboard()).append(": ").append(d.dashboardUrl()).append('\n');
        return t.toString().replace("\n", "\r\n");
    }

    /** RFC 2047 encoded word when the subject is not plain ASCII. */
    static String encodeHeader(String raw) {
        String s = raw.replaceAll("[\\r\\n]+", " "); // a header value must never start a new header
        if (s.chars().allMatch(ch -> ch >= 32 && ch < 127)) {
            return s;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
