package io.monitor.sentiment.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, generated mix of German and English social-media posts about brands, for benchmarks: no text
 * of any shared data set, only templates written for this project, filled from small word lists with a fixed seed.
 * Posts carry what real ones carry: @handles, #hashtags (also camel case), URLs, emoji and emoticons, elongated
 * words, ALL CAPS, "!!!"/"?!", negation and contrast, and lengths from a few words to about 280 characters.
 */
public final class PostMix {

    private static final String[] BRANDS_DE = {"@nordbahn", "@DB_Bahn", "@Telekom_hilft", "@vodafone_de", "@Lieferheld", "@stadtwerke", "@o2de"};
    private static final String[] BRANDS_EN = {"@united", "@AmericanAir", "@Comcast", "@Uber_Support", "@AppleSupport", "@Delta", "@spotify"};
    private static final String[] TAGS_DE = {"#Verspätung", "#Streik", "#Kundenservice", "#Funkloch", "#Danke", "#MontagsLaune", "#Bahnchaos"};
    private static final String[] TAGS_EN = {"#fail", "#customerservice", "#travel", "#NeverAgain", "#love", "#MondayMood", "#delayed"};
    private static final String[] EMOJI = {"😂", "😡", "😍", "🙄", "👍", "🔥", "😭", "❤️", "🤦‍♂️", ":)", ":-(", ";-)", "<3", ""};
    private static final String[] URLS = {"https://t.co/x7Gh2Kq9", "https://example.org/status/12345", "www.example.de/info", ""};

    private static final String[] DE = {
            "%b der Zug nach Hamburg hat schon wieder %n Minuten Verspätung %e",
            "Danke für nix, %b %t",
            "nicht schlecht %e das neue Update läuft echt flüssig",
            "Das gefällt mir nicht. Seit Tagen kein Netz in der Innenstadt %t",
            "Super Service heute, die Mitarbeiterin war total freundlich und hilfsbereit! %e",
            "Warum dauert eine Rückerstattung bei %b eigentlich %n Wochen?! Unmöglich.",
            "Kann mir jemand sagen ob die S-Bahn heute fährt? %u",
            "Ich bin sooo genervt, WIEDER kein WLAN im ICE %e %t",
            "Toll, schon wieder Stromausfall. Danke %b 🙄",
            "Das Essen war gut, aber die Lieferung hat ewig gedauert",
            "Endlich wieder Fußball im Stadion %t %e",
            "Mein Paket ist angeblich zugestellt, ist es aber nicht. %b bitte melden!!!",
            "Heute %n Grad und Sonne, perfekt für einen Ausflug %e",
            "Kein Problem, hat am Ende doch noch geklappt. Vielen Dank! %e",
            "Die Hotline hat mich %n mal weitergeleitet und dann aufgelegt. Einfach nur peinlich %t",
            "Neue Filiale in der Bahnhofstraße eröffnet, schaut mal vorbei %u",
            "Wahnsinn wie schnell das ging, Bestellung gestern, heute schon da 👍",
            "Also ehrlich gesagt war das eher mittelmäßig %e",
            "%b Vertragskündigung seit %n Tagen nicht bestätigt. Was ist da los? %t",
            "Riesige Schlange am Schalter, nur ein Schalter offen. Katastrophe",
    };
    private static final String[] EN = {
            "%b my flight got delayed %n hours and nobody tells us anything %e %t",
            "not bad at all, the new app is actually pretty fast %e",
            "Thanks %b for the great service today, really appreciate it! %e",
            "Worst customer service ever. On hold for %n minutes %t",
            "Does anyone know if the store is open on Sunday? %u",
            "I loooove the new playlist feature %e %t",
            "Great, another cancelled flight. Thanks %b 🙄",
            "The food was good but the delivery took forever",
            "Just landed in Boston, smooth flight and friendly crew %e",
            "%b still no refund after %n weeks, this is RIDICULOUS!!!",
            "Watching the game tonight with friends %t",
            "My package says delivered but it's not here. %b please help",
            "It's %n degrees and sunny, perfect day for a walk %e",
            "No problem, it worked out in the end. Thank you! %e",
            "Transferred %n times and then they hung up on me. Unbelievable %t",
            "New store opening downtown next week, check it out %u",
            "Wow that was quick, ordered yesterday and it's already here 👍",
            "Honestly it was kind of mediocre %e",
            "I don't like the new design at all %b",
            "Huge line at the counter and only one agent working. What a mess",
    };

    private PostMix() {}

    /** {@code count} posts, German and English alternating, the same for the same seed. */
    public static List<String> generate(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean german = i % 2 == 0;
            String template = pick(random, german ? DE : EN);
            String text = fill(template, random, german);
            if (random.nextInt(4) == 0) {
                text = text + " " + fill(pick(random, german ? DE : EN), random, german); // a longer post
            }
            out.add(text.length() > 280 ? text.substring(0, 280) : text.strip());
        }
        return out;
    }

    private static String fill(String template, Random random, boolean german) {
        StringBuilder sb = new StringBuilder(template.length() + 40);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char k = template.charAt(++i);
                switch (k) {
                    case 'b' -> sb.append(pick(random, german ? BRANDS_DE : BRANDS_EN));
                    case 't' -> sb.append(pick(random, german ? TAGS_DE : TAGS_EN));
                    case 'e' -> sb.append(pick(random, EMOJI));
                    case 'u' -> sb.append(pick(random, URLS));
                    case 'n' -> sb.append(2 + random.nextInt(120));
                    default -> sb.append('%').append(k);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
