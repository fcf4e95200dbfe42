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

    public EmailChannel(String id, String host, int port, boolean starttls, String from, List<String> to,
                        String subjectPrefix, Clock clock) {
        this(id, new SmtpClient(host, port, starttls, "monitor.local"), from, to, subjectPrefix, clock);
    }

    EmailChannel(String id, SmtpClient smtp, String from, List<String> to, String subjectPrefix, Clock clock) {
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
        String body = text(d);
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
        return subjectPrefix + " [" + d.incident().severity() + "] " + Messages.title(d);
    }

    /** The message text, plain and readable on a phone. */
    static String text(Delivery d) {
        Incident i = d.incident();
        StringBuilder t = new StringBuilder();
        t.append(Messages.title(d)).append("\n\n");
        t.append(Messages.summary(i)).append("\n\n");
        Messages.facts(i).forEach((k, v) -> t.append(k).append(": ").append(v).append('\n'));
        List<String> samples = Messages.samples(i);
        if (!samples.isEmpty()) {
            t.append("\nSample posts:\n");
            samples.forEach(s -> t.append("> ").append(s.replace("\n", " ")).append('\n'));
        }
        t.append("\nOpen in dashboard: ").append(d.dashboardUrl()).append('\n');
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
