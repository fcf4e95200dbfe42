package io.monitor.api.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SMTP server for tests (RFC 5321 happy path plus scripted refusals): records each command and each accepted
 * message (envelope and the DATA with dot-stuffing undone). {@link #rcptReply} lets a test make RCPT fail with 4xx or
 * 5xx. No STARTTLS.
 */
final class LocalSmtpServer implements AutoCloseable {
    record Message(String from, List<String> to, String data) {
    }

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<Message> messages = new CopyOnWriteArrayList<>();
    volatile String rcptReply = "250 OK";
    /** Set after STARTTLS succeeded in the last session. */
    volatile boolean secured;
    private final ServerSocket server;
    private final Thread thread;
    private final javax.net.ssl.SSLContext tls;

    LocalSmtpServer() throws IOException {
        this(null);
    }

    /** With {@code tls}, the server offers STARTTLS and upgrades the connection with that context's key. */
    LocalSmtpServer(javax.net.ssl.SSLContext tls) throws IOException {
        this.tls = tls;
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::acceptLoop, "local-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(s);
            } catch (IOException e) {
                // closed, or the client went away: next connection
            }
        }
    }

    private void session(Socket s) throws IOException {
        secured = false;
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        reply(out, "220 localhost ESMTP test");
        String from = null;
        List<String> to = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String upper = line.toUpperCase();
            if (upper.startsWith("EHLO")) {
                reply(out, "250-localhost greets you\r\n250-8BITMIME\r\n" + (tls != null && !secured
                        ? "250-STARTTLS\r\n" : "") + "250 SIZE 1000000");
            } else if (upper.equals("STARTTLS") && tls != null && !secured) {
                reply(out, "220 Ready to start TLS");
                javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(s,
                        null, s.getPort(), false);
                secure.setUseClientMode(false);
                secure.startHandshake();
                secured = true;
                in = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
                out = secure.getOutputStream();
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring(10).replaceAll("[<>]", "");
                to.clear();
                reply(out, "250 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                String r = rcptReply;
                if (r.startsWith("250")) {
                    to.add(line.substring(8).replaceAll("[<>]", ""));
                }
                reply(out, r);
            } else if (upper.equals("DATA")) {
                if (to.isEmpty()) {
                    reply(out, "554 no valid recipients");
                    continue;
                }
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder data = new StringBuilder();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                }
                messages.add(new Message(from, List.copyOf(to), data.toString()));
                reply(out, "250 OK queued as " + messages.size());
            } else if (upper.equals("QUIT")) {
                reply(out, "221 Bye");
                return;
            } else {
                reply(out, "502 Command not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
