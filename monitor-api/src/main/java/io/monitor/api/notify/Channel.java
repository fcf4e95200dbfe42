package io.monitor.api.notify;

/** A place notifications go: renders a {@link Delivery} for its receiver and makes one attempt to hand it over. */
public interface Channel {
    String id();

    /** One attempt; must not throw for receiver problems (they are {@link Attempt}s) and must honour interrupts. */
    Attempt send(Delivery delivery);
}
