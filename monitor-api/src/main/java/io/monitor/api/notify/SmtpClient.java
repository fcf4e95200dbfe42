package io.monitor.api.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP client on the JDK (RFC 5321): EHLO, optional STARTTLS (RFC 3207; the server's certificate is checked
 * against the host name, then EHLO again), MAIL FROM, RCPT TO per
 * recipient, DATA with dot-stuffing, QUIT. No authentication (a relay that trusts the network, or a local MTA).
 * One connection per message. Replies sort into {@link Attempt}s: 4xx and I/O errors retry, 5xx reject.
 */
final class SmtpClient {
    static final int TIMEOUT_MS = 10_000;

    /** A reply that is not the expected one. */
    static final class SmtpException extends Exception {
        final int code;

        SmtpException(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final String host;
    private final int port;
    private final boolean starttls;
    private final String heloName;
    private final SSLSocketFactory tls;

    SmtpClient(String host, int port, boolean starttls, String heloName) {
        this(host, port, starttls, heloName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With the TLS socket factory to use after STARTTLS (tests pass one that trusts their own certificate). */
    SmtpClient(String host, int port, boolean starttls, String heloName, SSLSocketFactory tls) {
        this.host = host;
        this.port = port;
        this.starttls = starttls;
        this.heloName = heloName;
        this.tls = tls;
    }

    /** Sends one message; {@code message} holds headers and body with CRLF line ends, without the final dot. */
    Attempt send(String from, List<String> to, String message) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            Socket s = plain;
            Conversation c = new Conversation(s);
            c.expect(220, null);
            c.expect(250, "EHLO " + heloName);
            if (starttls) {
                c.expect(220, "STARTTLS");
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                javax.net.ssl.SSLParameters params = secure.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the configured host
                secure.setSSLParameters(params);
                secure.startHandshake();
                c = new Conversation(secure);
                c.expect(250, "EHLO " + heloName);
            }
            c.expect(250, "MAIL FROM:<" + from + ">");
            for (String r : to) {
                c.expect(250, "RCPT TO:<" + r + ">");
            }
            c.expect(354, "DATA");
            c.expect(250, dotStuff(message) + "\r\n.");
            String queued = c.lastReply;
            try {
                c.expect(221, "QUIT");
            } catch (SmtpException | IOException e) {
                // The message is accepted once DATA got its 250; a failing QUIT does not change that.
            }
            return Attempt.delivered("SMTP " + queued);
        } catch (SmtpException e) {
            return e.code >= 500 ? Attempt.rejected(e.getMessage()) : Attempt.retry(e.getMessage());
        } catch (IOException e) {
            return Attempt.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Lines starting with a dot get a second one (RFC 5321 4.5.2), so the body cannot end the DATA early. */
    static String dotStuff(String message) {
        String m = message.startsWith(".") ? "." + message : message;
        return m.replace("\r\n.", "\r\n..");
    }

    private static final class Conversation {
        final BufferedReader in;
        final OutputStream out;
        String lastReply;

        Conversation(Socket s) throws IOException {
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out = s.getOutputStream();
        }

        void expect(int code, String command) throws IOException, SmtpException {
            if (command != null) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            String line;
            int got;
            StringBuilder text = new StringBuilder();
            do { // multi-line replies: "250-..." lines, then "250 ..."
                line = in.readLine();
                if (line == null || line.length() < 3) {
                    throw new IOException("the SMTP server closed the connection"
                            + (command == null ? "" : " after " + verb(command)));
                }
                try {
                    got = Integer.parseInt(line.substring(0, 3));
                } catch (NumberFormatException e) {
                    throw new IOException("not an SMTP reply: " + Messages.abbreviate(line, 80));
                }
                text.append(line.length() > 4 ? line.substring(4) : "").append(' ');
            } while (line.length() > 3 && line.charAt(3) == '-');
            lastReply = got + " " + text.toString().trim();
            if (got != code) {
                throw new SmtpException(got, "SMTP " + (command == null ? "greeting" : verb(command)) + " answered "
                        + Messages.abbreviate(lastReply, 200));
            }
        }

        private static String verb(String command) {
            int sp = command.indexOf(' ');
            String v = sp < 0 ? command : command.substring(0, sp);
            return v.length() > 10 ? "DATA" : v; // the message body itself is never echoed into logs
        }
    }
}
