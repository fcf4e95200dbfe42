package io.monitor.sentiment;

import io.monitor.sentiment.lang.FastLanguageDetector;
import io.monitor.sentiment.lang.OptimaizeLanguageDetector;

import java.util.List;

/** Factories for {@link LanguageDetector}s. */
public final class LanguageDetectors {

    /**
     * Languages the n-gram fallback tells apart (each one costs time on every fallback call); anything else
     * becomes one of these or "und".
     */
    public static final List<String> DEFAULT_LANGUAGES = List.of(
            "de", "en", "fr", "es", "it", "nl", "pt", "pl", "tr", "sv", "da", "ru", "ar", "id");

    private LanguageDetectors() {}

    /**
     * The built-in detector: a fast function-word vote for German, English and neighbouring languages, with the
     * Optimaize n-gram detector as fallback for unclear texts. Shared and thread-safe, loaded on first use.
     */
    public static LanguageDetector defaultDetector() {
        return Holder.INSTANCE;
    }

    /** The Optimaize n-gram detector alone (slower, weaker on short posts; for comparison). */
    public static LanguageDetector ngramDetector() {
        return NgramHolder.INSTANCE;
    }

    private static final class NgramHolder {
        static final LanguageDetector INSTANCE = new OptimaizeLanguageDetector(DEFAULT_LANGUAGES);
    }

    private static final class Holder {
        static final LanguageDetector INSTANCE = FastLanguageDetector.bundled(
                io.monitor.sentiment.lexicon.Lexicons.bundled(), new OptimaizeLanguageDetector(DEFAULT_LANGUAGES));
    }
}
