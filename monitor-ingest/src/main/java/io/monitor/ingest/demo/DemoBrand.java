package io.monitor.ingest.demo;

import io.monitor.core.config.BrandSettings;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the demo writes about a brand: its name, its handle ({@code @...} from the query) and its hashtag. */
record DemoBrand(String id, String name, String handle, String tag) {
    private static final Pattern HANDLE = Pattern.compile("@([A-Za-z0-9_]+)");
    private static final Pattern TAG = Pattern.compile("#([\\p{L}0-9_]+)");

    static DemoBrand of(BrandSettings b) {
        String compact = b.id().replace("-", "");
        Matcher h = HANDLE.matcher(b.query());
        String handle = "@" + (h.find() ? h.group(1) : compact);
        String tag;
        if (!b.hashtags().isEmpty()) {
            tag = b.hashtags().get(0).replaceFirst("^#", "");
        } else {
            Matcher t = TAG.matcher(b.query());
            tag = t.find() ? t.group(1) : compact;
        }
        return new DemoBrand(b.id(), b.name(), handle, tag.toLowerCase(Locale.ROOT));
    }

    /** Fills {name}, {handle}, {tag} and {term} into a template. */
    String fill(String template, String term) {
        return template.replace("{name}", name).replace("{handle}", handle).replace("{tag}", "#" + tag)
                .replace("{term}", term == null ? "" : term).strip();
    }
}
