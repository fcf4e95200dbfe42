package io.monitor.sentiment;

/** Detects the language of one short social-media text. Thread-safe. */
public interface LanguageDetector {
    String UNKNOWN = "und";

    /** @return ISO 639-1 code ("de", "en", ...) or {@link #UNKNOWN} */
    String detect(String text);
}
