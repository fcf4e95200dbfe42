package io.monitor.streams.query;

import java.util.Objects;
import java.util.Set;

/**
 * One compiled brand query: parse once with {@link #compile(String)}, then test documents with
 * {@link #matches(Document)} (thread-safe, immutable).
 *
 * <h2>Language</h2>
 * <pre>
 *   query   := or
 *   or      := and ( OR and )*
 *   and     := unary ( [AND] unary )*          adjacent operands are ANDed: {@code deutsche bahn} = {@code deutsche AND bahn}
 *   unary   := NOT unary | -primary | near       {@code a NOT b} = {@code a AND NOT b}; {@code -b} is the same exclusion
 *   near    := primary ( NEAR/n[f] primary )*     at most n other words between them; {@code f}: in this order
 *   primary := ( or ) | "exact phrase" | word | prefix* | #hashtag | @handle | lang:xx | platform:name | author:handle
 * </pre>
 * <ul>
 *   <li>Operators are capitals ({@code AND OR NOT NEAR/3}); a lower-case {@code or} is an error with a hint,
 *       not a silently searched word ({@code "or"} in quotes searches the word).</li>
 *   <li>AND and OR on the same level need parentheses ({@code a b OR c} is an error: it means different things
 *       to different people). NOT/exclusions may be mixed freely with AND.</li>
 *   <li>Case, accents and German spelling variants do not matter (see {@link Folding}).</li>
 *   <li>A word matches whole words only; {@code bahn} matches {@code #bahn} but not {@code bahnhof} (write
 *       {@code bahn*}, at least {@value #MIN_PREFIX} letters) and not {@code @bahn} (write {@code @bahn}).</li>
 *   <li>{@code @handle} matches posts that mention the handle; {@code author:handle} matches posts written by it
 *       (handle, id or display name). {@code lang:de} compares the detected language, {@code platform:bluesky}
 *       the source platform.</li>
 *   <li>Curly quotes („…“, “…”) work like straight ones.</li>
 * </ul>
 */
public final class BrandQuery {
    /** Shortest prefix accepted before a wildcard {@code *}. */
    public static final int MIN_PREFIX = 3;

    private final String text;
    private final Node root;
    private final Set<String> anchors;

    private BrandQuery(String text, Node root) {
        this.text = text;
        this.root = root;
        Set<String> a = root.anchors();
        this.anchors = a == null ? null : Set.copyOf(a);
    }

    /** Parses {@code query}; throws {@link QueryParseException} naming the column and what was expected. */
    public static BrandQuery compile(String query) {
        return new BrandQuery(query, QueryParser.parse(query));
    }

    public boolean matches(Document d) {
        return root.matches(d);
    }

    /** Convenience for tests and tools. */
    public boolean matches(String text) {
        return root.matches(Document.ofText(text));
    }

    /**
     * Index keys of which a matching document contains at least one (folded words, {@code #tag}, {@code @handle},
     * {@code *pre}); {@code null} when the query can match without any of them (e.g. {@code NOT x} or
     * {@code lang:de}), so it must be evaluated against every post.
     */
    public Set<String> anchors() {
        return anchors;
    }

    /** The query as written. */
    public String text() {
        return text;
    }

    /** The parsed structure, fully parenthesised and folded (for tests and "what did you understand" displays). */
    public String structure() {
        return root.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrandQuery q && q.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
