package io.monitor.streams.bench;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated input for {@link TopologyBench} and the outputs-pinned test of the topology: a normal mix (mentions of
 * three brands among unrelated posts, 60 % matched) or a crisis-heavy one, where after a quiet baseline crisis
 * episodes come often ({@value #EPISODE} ms of every {@value #CYCLE} ms of event time) and during an episode
 * {@value #CRISIS_PERCENT} % of the mentions are negative near-duplicate complaints about one brand (a copied text
 * with a word, a number, a tagged @handle and a link changed, from many distinct authors, some of them high-reach),
 * plus the brand's own ordinary negative posts. Every text of a complaint holds "kaputt", so the topology tests'
 * keyword scorer labels it negative; the real scorer labels them negative too (TopologyBench prints the share).
 * Deterministic for a seed. {@link #raw} also mixes in re-ingested copies and unreadable records when asked.
 */
public final class CrisisMix {
    /** Event time (ms) of a crisis cycle and of the episode at its start. */
    static final long CYCLE = 150_000;
    static final long EPISODE = 100_000;
    static final int CRISIS_PERCENT = 35;
    /** Event time (ms) without a crisis at first, so that the rules' warm-up (5 minutes) passes first. */
    static final long QUIET = 325_000;
    private static final String[] WORDS = ("heute morgen zug bahn verspätung kaffee handy akku laden service hotline"
            + " schlecht super danke wieder kaputt warum immer noch keine antwort the train is late again phone battery"
            + " great coffee shop berlin münchen hamburg köln straße wetter fußball").split(" ");
    private static final String[] BRANDS = {"nordbahn", "fjord phone", "kaffeekult", null, null};
    private static final String[][] TEMPLATES = {
        ("nordbahn hat schon wieder meinen zug %s gestrichen, %s stunden am bahnsteig gewartet, keine durchsage und"
                + " keine entschädigung, alles kaputt bei der nordbahn. nie wieder! #nordbahnchaos").split("%s", -1),
        ("@nordbahn your app is kaputt again, %s trains %s cancelled this morning and nobody answers the hotline."
                + " absolutely terrible service #nordbahnfail").split("%s", -1),
    };
    private static final String[][] FILL = {
        {"heute", "gestern", "morgens", "abends"}, {"zwei", "drei", "vier", "fünf"},
        {"two", "three", "four", "five"}, {"got", "were", "have been", "all"},
    };

    private CrisisMix() {
    }

    /** The generated mentions, 50 ms of event time apart from {@code t0} (20 per second). */
    public static List<Mention> mentions(long seed, int n, Instant t0, boolean crisisHeavy) {
        return mentions(seed, n, t0, crisisHeavy, 50);
    }

    /** The generated mentions, {@code spacingMs} of event time apart from {@code t0}. */
    public static List<Mention> mentions(long seed, int n, Instant t0, boolean crisisHeavy, long spacingMs) {
        Random r = new Random(seed);
        List<Mention> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long ms = i * spacingMs;
            Instant at = t0.plusMillis(ms);
            boolean episode = crisisHeavy && ms >= QUIET && (ms - QUIET) % CYCLE < EPISODE;
            if (episode && r.nextInt(100) < CRISIS_PERCENT) {
                out.add(complaint(r, i, at));
            } else {
                out.add(new Mention(1, "demo", "b" + i, null, new Mention.Author("a" + i % 300, "u" + i % 300, null, i % 1000),
                        text(r, BRANDS[i % BRANDS.length]), null, at, at, null, null, null, null, null, null));
            }
        }
        return out;
    }

    /** Whether {@code m} is one of the episode's complaints. */
    public static boolean complaint(Mention m) {
        return m.id().startsWith("c");
    }

    private static Mention complaint(Random r, int i, Instant at) {
        String text;
        int kind = r.nextInt(10);
        if (kind < 8) { // the copied text: one template, fill-ins varied, a tagged person and a link added
            String[] t = TEMPLATES[kind % 2];
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < t.length; k++) {
                b.append(t[k]);
                if (k + 1 < t.length) {
                    String[] fill = FILL[kind % 2 == 0 ? k : k + 2];
                    b.append(fill[r.nextInt(fill.length)]);
                }
            }
            if (r.nextBoolean()) {
                b.append(" @user").append(r.nextInt(5000));
            }
            if (r.nextInt(3) == 0) {
                b.append(" https://t.example/").append(Integer.toString(r.nextInt(1 << 20), 36));
            }
            text = b.toString();
        } else { // the brand's own negative posts, not copies
            text = text(r, "nordbahn") + "kaputt";
        }
        // Many distinct authors; one in 400 has a large audience (the high-reach rule), the others a few hundred.
        int author = r.nextInt(20_000);
        long followers = r.nextInt(400) == 0 ? 100_000 + r.nextInt(2_000_000) : r.nextInt(800);
        String platform = i % 3 == 0 ? "bluesky" : "mastodon";
        return new Mention(1, platform, "c" + i, "https://" + platform + ".example/p/" + i,
                new Mention.Author("ca" + author, "angry" + author, null, followers), text, null, at, at,
                new Mention.Engagement(r.nextInt(50), r.nextInt(10), r.nextInt(5), 0), null, null,
                r.nextInt(20) == 0 ? "orig" + r.nextInt(100) : null, null, null);
    }

    /**
     * The raw records (key, value) of {@code mentions} as a connector publishes them; with {@code faults}, every
     * 97th mention is published twice (a re-ingested copy) and every 499th is followed by an unreadable record
     * (invalid JSON, another schema version, a mention without a platform or an empty value, in turn).
     */
    public static List<Raw> raw(List<Mention> mentions, boolean faults) {
        List<Raw> out = new ArrayList<>(mentions.size() + mentions.size() / 50);
        int bad = 0;
        for (int i = 0; i < mentions.size(); i++) {
            Mention m = mentions.get(i);
            Raw rec = new Raw(m.key(), Topics.MENTION_SERDE.toBytes(m), m.createdAt().toEpochMilli());
            out.add(rec);
            if (faults && i % 97 == 96) {
                out.add(rec);
            }
            if (faults && i % 499 == 498) {
                String broken = switch (bad++ % 4) {
                    case 0 -> "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"x" + i + "\",\"text\":";
                    case 1 -> new String(rec.value(), StandardCharsets.UTF_8).replace("\"schemaVersion\":1", "\"schemaVersion\":7");
                    case 2 -> new String(rec.value(), StandardCharsets.UTF_8).replace("\"platform\":\"", "\"platform2\":\"");
                    default -> null;
                };
                out.add(new Raw("bad-" + i, broken == null ? null : broken.getBytes(StandardCharsets.UTF_8), rec.timestamp()));
            }
        }
        return out;
    }

    /** One record of {@code monitor.mentions.raw}. */
    public record Raw(String key, byte[] value, long timestamp) {
    }

    static String text(Random r, String brand) {
        StringBuilder b = new StringBuilder();
        int len = 8 + r.nextInt(20);
        int at = brand == null ? -1 : r.nextInt(len);
        for (int i = 0; i < len; i++) {
            b.append(i == at ? brand : WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return b.toString();
    }
}
