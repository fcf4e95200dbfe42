package io.monitor.ingest.demo;

import java.util.List;

/**
 * The demo's sentences. Brand-neutral on purpose (the configured brands may be a railway, a phone maker or a café).
 * Crisis sentences carry strong negative words in both languages ("katastrophal", "Ärger", "terrible", "worst")
 * so that a lexicon scorer labels them negative and the spike detector downstream fires.
 */
final class DemoTexts {
    private DemoTexts() {
    }

    static final List<String> DE_POSITIVE = List.of(
            "Heute super Erfahrung mit {name}, alles hat perfekt geklappt. Danke {handle}!",
            "Bin echt zufrieden mit {name}. Klare Empfehlung {tag}",
            "{name} hat mich heute positiv überrascht, toller Service 👍",
            "Großes Lob an das Team von {handle}, schnell und freundlich geholfen.",
            "Endlich mal was, das einfach funktioniert. Gut gemacht {name} {tag}");
    static final List<String> DE_NEUTRAL = List.of(
            "Hat jemand Erfahrung mit {name}? {tag}",
            "{name} kündigt Neuigkeiten für nächste Woche an.",
            "Gerade gelesen: {name} ändert ab Montag die Preise.",
            "Frage an {handle}: gilt das Angebot auch am Wochenende?",
            "Heute zum ersten Mal {name} ausprobiert. Mal sehen. {tag}",
            "Wie sind eure Erfahrungen mit {name} so?");
    static final List<String> DE_NEGATIVE = List.of(
            "Etwas enttäuscht von {name} heute, der Support antwortet nicht {handle}",
            "Warum ist {name} in letzter Zeit so schlecht geworden? {tag}",
            "Ärgerlich: bei {name} schon wieder eine Stunde in der Warteschleife.");
    static final List<String> EN_POSITIVE = List.of(
            "Great experience with {name} today, everything just worked. Thanks {handle}!",
            "Really happy with {name}, would recommend {tag}",
            "Love the new update from {name}, well done!",
            "Shoutout to {handle} support, fast and friendly help.",
            "{name} keeps getting better. Impressed {tag}");
    static final List<String> EN_NEUTRAL = List.of(
            "Anyone tried {name} yet? {tag}",
            "{name} announces changes for next week.",
            "Reading about the new {name} pricing.",
            "Question for {handle}: does this apply on weekends too?",
            "First time using {name} today, let's see {tag}");
    static final List<String> EN_NEGATIVE = List.of(
            "A bit disappointed with {name} today, support never answers {handle}",
            "Why has {name} become so bad lately? {tag}",
            "Annoying: another hour on hold with {name}.");

    /** A crisis theme: the new term everybody uses, and what people write. */
    record Theme(String termTemplate, List<String> german, List<String> english, String headlineDe, String headlineEn) {
    }

    static final List<Theme> THEMES = List.of(
            new Theme("#{tagword}chaos",
                    List.of("Schon wieder Verspätung, absolut katastrophal {handle} {term}",
                            "{name} ist heute eine einzige Katastrophe. Seit Stunden nichts, keine Info {term}",
                            "Nie wieder {name}! Totales Chaos, schlechtester Service überhaupt {term}",
                            "Was für ein Ärger mit {name}, alles kaputt und niemand hilft {term}",
                            "Unfassbar schlecht heute, {handle}. Ich bin so wütend {term}"),
                    List.of("{name} is a total disaster today, hours of delays and zero information {term}",
                            "Worst service ever {handle}, absolutely terrible {term}",
                            "Never again {name}. Complete chaos, awful communication {term}",
                            "So angry at {name} right now, everything is broken {term}"),
                    "EILMELDUNG: Chaos bei {name}, tausende Kunden betroffen und verärgert {term}",
                    "BREAKING: chaos at {name}, thousands of angry customers {term}"),
            new Theme("#{tagword}akku",
                    List.of("Mein Akku explodiert! Gefährlich und unverantwortlich {handle} {term}",
                            "Akku explodiert bei {name}?! Das ist katastrophal, ich habe Angst {term}",
                            "Schrecklich: Akku explodiert, fast verletzt. Schämt euch {handle} {term}",
                            "Wie kann {name} so etwas Gefährliches verkaufen? Akku explodiert {term}"),
                    List.of("terrible, my {name} battery exploded. This is dangerous {handle} {term}",
                            "Battery exploded on my desk. Awful, scary, shame on you {name} {term}",
                            "Horrible: {name} battery exploded, I was nearly hurt {term}"),
                    "Berichte über explodierende Akkus bei {name}: gefährlich, Kunden verärgert {term}",
                    "Reports of exploding batteries at {name}: dangerous and terrible {term}"),
            new Theme("#{tagword}leak",
                    List.of("Datenleck bei {name}?! Meine Daten sind im Netz, unfassbar schlecht {handle} {term}",
                            "Katastrophal: {name} verliert Kundendaten. Ich bin wütend {term}",
                            "Schon wieder ein Datenleck. Schämt euch {handle}, schrecklich {term}"),
                    List.of("{name} data leak, my account was hacked. Awful, shame on you {handle} {term}",
                            "Terrible security at {name}, my data is out there now {term}",
                            "Worst company ever, {name} leaked everything {term}"),
                    "Datenleck bei {name}: schlimmer Skandal, Kunden wütend {term}",
                    "{name} data leak: terrible scandal, customers angry {term}"));
}
