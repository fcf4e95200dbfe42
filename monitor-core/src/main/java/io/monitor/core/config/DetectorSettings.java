package io.monitor.core.config;

import java.time.Duration;

/**
 * Settings of the detectors beside the negative-volume spike rule ({@link DetectionSettings} holds that one's).
 * Every detector can be switched off; every default is what a community manager of a mid-sized brand would want.
 *
 * @param seasonal      the spike rule's baseline by hour of day and day of week
 * @param negativeShare the negative-share shift rule
 * @param silence       the silence rule, told apart from an ingest outage
 * @param emerging      bursting terms, hashtags and copy-paste storms within a brand's negative mentions
 * @param highReach     a high-reach author posting negatively
 */
public record DetectorSettings(Seasonal seasonal, NegativeShare negativeShare, Silence silence, Emerging emerging,
                               HighReach highReach) {
    public DetectorSettings {
        seasonal = seasonal == null ? new Seasonal(null, null) : seasonal;
        negativeShare = negativeShare == null ? new NegativeShare(null, null, null, null) : negativeShare;
        silence = silence == null ? new Silence(null, null, null, null) : silence;
        emerging = emerging == null ? new Emerging(null, null, null, null, null) : emerging;
        highReach = highReach == null ? new HighReach(null, null) : highReach;
    }

    public static DetectorSettings defaults() {
        return new DetectorSettings(null, null, null, null, null);
    }

    /**
     * @param enabled use a seasonal profile (hour of day, then hour of week once enough weeks exist) in the spike
     *                baseline, so the Monday-morning rush is not an anomaly
     * @param minDays days of history before the profile is used at all (before that: the recent windows only)
     */
    public record Seasonal(Boolean enabled, Integer minDays) {
        public Seasonal {
            enabled = enabled == null || enabled;
            minDays = minDays == null ? 3 : minDays;
            Check.range(minDays, 1, 365, "detection.detectors.seasonal.minDays");
        }
    }

    /**
     * @param enabled     watch the share of negative mentions (and the mean score) against its own baseline
     * @param minVolume   mentions a window needs before a share is judged (a share of 3 mentions means nothing)
     * @param minIncrease smallest rise of the negative share, in share points (0.2 = from 10 % to 30 %), that matters
     * @param alpha       significance of the binomial test at the observed volume
     */
    public record NegativeShare(Boolean enabled, Integer minVolume, Double minIncrease, Double alpha) {
        public NegativeShare {
            enabled = enabled == null || enabled;
            minVolume = minVolume == null ? 20 : minVolume;
            minIncrease = minIncrease == null ? 0.2 : minIncrease;
            alpha = alpha == null ? 1e-4 : alpha;
            Check.range(minVolume, 1, 1_000_000, "detection.detectors.negativeShare.minVolume");
            Check.range(minIncrease, 0.01, 1.0, "detection.detectors.negativeShare.minIncrease");
            Check.require(alpha > 0 && alpha < 0.5, "detection.detectors.negativeShare.alpha", "must be between 0 and 0.5");
        }
    }

    /**
     * @param enabled     raise an alert when a brand that is usually talked about goes quiet
     * @param window      how long the brand must be (nearly) silent
     * @param minExpected mentions the baseline must expect in such a window before silence means anything
     * @param staleAfter  a connector whose last heartbeat is older than this counts as down: the quiet is then
     *                    reported as an ingest outage, not as silence
     */
    public record Silence(Boolean enabled, Duration window, Integer minExpected, Duration staleAfter) {
        public Silence {
            enabled = enabled == null || enabled;
            window = window == null ? Duration.ofMinutes(15) : window;
            minExpected = minExpected == null ? 20 : minExpected;
            staleAfter = staleAfter == null ? Duration.ofMinutes(2) : staleAfter;
            Check.positive(window, "detection.detectors.silence.window");
            Check.range(minExpected, 1, 1_000_000, "detection.detectors.silence.minExpected");
            Check.positive(staleAfter, "detection.detectors.silence.staleAfter");
        }
    }

    /**
     * @param enabled             watch terms, hashtags and near-duplicate texts within negative mentions
     * @param minCount            occurrences in the window before a term or hashtag can be emerging
     * @param burstFactor         how many times its own baseline the term must reach
     * @param minCopies           near-duplicate negative posts (from different authors) that make a copy-paste storm
     * @param duplicateSimilarity Jaccard similarity of word shingles above which two posts are near-duplicates
     */
    public record Emerging(Boolean enabled, Integer minCount, Double burstFactor, Integer minCopies,
                           Double duplicateSimilarity) {
        public Emerging {
            enabled = enabled == null || enabled;
            minCount = minCount == null ? 6 : minCount;
            burstFactor = burstFactor == null ? 5.0 : burstFactor;
            minCopies = minCopies == null ? 8 : minCopies;
            duplicateSimilarity = duplicateSimilarity == null ? 0.7 : duplicateSimilarity;
            Check.range(minCount, 2, 1_000_000, "detection.detectors.emerging.minCount");
            Check.range(burstFactor, 1.0, 1000.0, "detection.detectors.emerging.burstFactor");
            Check.range(minCopies, 2, 1_000_000, "detection.detectors.emerging.minCopies");
            Check.range(duplicateSimilarity, 0.1, 1.0, "detection.detectors.emerging.duplicateSimilarity");
        }
    }

    /**
     * @param enabled      alert when an author with a large audience posts negatively about a brand
     * @param minFollowers followers from which an author counts as high-reach
     */
    public record HighReach(Boolean enabled, Long minFollowers) {
        public HighReach {
            enabled = enabled == null || enabled;
            minFollowers = minFollowers == null ? 100_000L : minFollowers;
            Check.require(minFollowers >= 1, "detection.detectors.highReach.minFollowers", "must be at least 1");
        }
    }
}
