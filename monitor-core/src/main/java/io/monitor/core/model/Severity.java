package io.monitor.core.model;

/** How urgent an alert is; routing sends {@link #CRITICAL} to on-call staff. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
