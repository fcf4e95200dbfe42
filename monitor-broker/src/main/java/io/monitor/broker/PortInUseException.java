package io.monitor.broker;

/** The port asked for the embedded broker is taken (often: another Kafka already runs on this machine). */
public final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is in use: pass --kafka-port or set kafka.embeddedPort", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
