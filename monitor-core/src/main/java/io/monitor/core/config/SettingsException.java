package io.monitor.core.config;

/** Invalid configuration: the message names the key (e.g. {@code brands[1].query}) and the problem. */
public class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
