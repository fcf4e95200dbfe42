package io.monitor.streams.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The compiled form of a query: a tree of pure, immutable matchers over a {@link Document}. */
interface Node {

    boolean matches(Document d);

    /**
     * Index keys of which at least one is in every matching document, or {@code null} when the node can
     * match without any (a negation, a field test): such queries are always evaluated.
     */
    Set<String> anchors();

    /** A node with word positions, usable as an operand of {@code NEAR/n}. */
    interface Positional extends Node {
        /** Spans {@code {first, last}} word positions where this node occurs. */
        List<int[]> spans(Document d);

        @Override
        default boolean matches(Document d) {
            return !spans(d).isEmpty();
        }
    }

    record Term(String word) implements Positional {
        @Override
        public boolean matches(Document d) {
            return d.hasWord(word);
        }

        @Override
        public List<int[]> spans(Document d) {
            List<int[]> out = new ArrayList<>();
            for (int p : d.positionsOf(word)) {
                out.add(new int[] {p, p});
            }
            return out;
        }

        @Override
        public Set<String> anchors() {
            return Set.of(word);
        }

        @Override
        public String toString() {
            return word;
        }
    }

    record Phrase(List<String> words) implements Positional {
        @Override
        public List<int[]> spans(Document d) {
            List<int[]> out = new ArrayList<>();
            List<String> all = d.words();
            for (int p : d.positionsOf(words.get(0))) {
                if (p + words.size() > all.size()) {
                    continue;
                }
                boolean ok = true;
                for (int k = 1; k < words.size() && ok; k++) {
                    ok = all.get(p + k).equals(words.get(k));
                }
                if (ok) {
                    out.add(new int[] {p, p + words.size() - 1});
                }
            }
            return out;
        }

        @Override
        public Set<String> anchors() {
            // The longest word is usually the rarest, so it makes the most selective index entry.
            String best = words.get(0);
            for (String w : words) {
                if (w.length() > best.length()) {
                    best = w;
                }
            }
            return Set.of(best);
        }

        @Override
        public String toString() {
            return "\"" + String.join(" ", words) + "\"";
        }
    }

    record Prefix(String prefix) implements Positional {
        @Override
        public List<int[]> spans(Document d) {
            List<int[]> out = new ArrayList<>();
            List<String> all = d.words();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).startsWith(prefix)) {
                    out.add(new int[] {i, i});
                }
            }
            return out;
        }

        @Override
        public Set<String> anchors() {
            return Set.of("*" + prefix.substring(0, BrandQuery.MIN_PREFIX));
        }

        @Override
        public String toString() {
            return prefix + "*";
        }
    }

    record Hashtag(String tag) implements Node {
        @Override
        public boolean matches(Document d) {
            return d.hashtags().contains(tag);
        }

        @Override
        public Set<String> anchors() {
            return Set.of("#" + tag);
        }

        @Override
        public String toString() {
            return "#" + tag;
        }
    }

    record Handle(String handle) implements Node {
        @Override
        public boolean matches(Document d) {
            return d.handles().contains(handle);
        }

        @Override
        public Set<String> anchors() {
            return Set.of("@" + handle);
        }

        @Override
        public String toString() {
            return "@" + handle;
        }
    }

    /** {@code lang:}, {@code platform:}, {@code author:}. */
    record Field(String name, String value) implements Node {
        @Override
        public boolean matches(Document d) {
            return switch (name) {
                case "lang" -> d.language().equals(value);
                case "platform" -> d.platform().equals(value);
                case "author" -> d.authorNames().contains(value);
                default -> throw new IllegalStateException("unknown field " + name);
            };
        }

        @Override
        public Set<String> anchors() {
            return null;
        }

        @Override
        public String toString() {
            return name + ":" + value;
        }
    }

    record Not(Node child) implements Node {
        @Override
        public boolean matches(Document d) {
            return !child.matches(d);
        }

        @Override
        public Set<String> anchors() {
            return null;
        }

        @Override
        public String toString() {
            return "NOT " + child;
        }
    }

    record And(List<Node> children) implements Node {
        @Override
        public boolean matches(Document d) {
            // Cheap tests first would need costs; children keep query order, which CMs write with the anchor first.
            for (Node c : children) {
                if (!c.matches(d)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Set<String> anchors() {
            Set<String> best = null;
            for (Node c : children) {
                Set<String> a = c.anchors();
                if (a != null && (best == null || a.size() < best.size())) {
                    best = a;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return "(" + String.join(" AND ", children.stream().map(Object::toString).toList()) + ")";
        }
    }

    record Or(List<Node> children) implements Node {
        @Override
        public boolean matches(Document d) {
            for (Node c : children) {
                if (c.matches(d)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Set<String> anchors() {
            Set<String> all = new HashSet<>();
            for (Node c : children) {
                Set<String> a = c.anchors();
                if (a == null) {
                    return null;
                }
                all.addAll(a);
            }
            return all;
        }

        @Override
        public String toString() {
            return "(" + String.join(" OR ", children.stream().map(Object::toString).toList()) + ")";
        }
    }

    /** An OR of positional nodes is positional (so {@code (a OR b) NEAR/3 c} works). */
    record PositionalOr(List<Positional> children) implements Positional {
        @Override
        public List<int[]> spans(Document d) {
            List<int[]> out = new ArrayList<>();
            for (Positional c : children) {
                out.addAll(c.spans(d));
            }
            return out;
        }

        @Override
        public boolean matches(Document d) {
            for (Positional c : children) {
                if (c.matches(d)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Set<String> anchors() {
            Set<String> all = new HashSet<>();
            for (Positional c : children) {
                all.addAll(c.anchors());
            }
            return all;
        }

        @Override
        public String toString() {
            return "(" + String.join(" OR ", children.stream().map(Object::toString).toList()) + ")";
        }
    }

    /**
     * {@code left NEAR/n right}: both occur with at most {@code n} other words between them, in either order
     * ({@code NEAR/nf}: left first). The span of a match covers both, so NEARs chain.
     */
    record Near(Positional left, Positional right, int distance, boolean ordered) implements Positional {
        @Override
        public List<int[]> spans(Document d) {
            List<int[]> out = new ArrayList<>();
            List<int[]> rs = right.spans(d);
            if (rs.isEmpty()) {
                return out;
            }
            for (int[] l : left.spans(d)) {
                for (int[] r : rs) {
                    int gap;
                    if (r[0] > l[1]) {
                        gap = r[0] - l[1] - 1;
                    } else if (!ordered && l[0] > r[1]) {
                        gap = l[0] - r[1] - 1;
                    } else {
                        continue; // overlapping or wrong order
                    }
                    if (gap <= distance) {
                        out.add(new int[] {Math.min(l[0], r[0]), Math.max(l[1], r[1])});
                    }
                }
            }
            return out;
        }

        @Override
        public Set<String> anchors() {
            Set<String> a = left.anchors();
            Set<String> b = right.anchors();
            return a.size() <= b.size() ? a : b;
        }

        @Override
        public String toString() {
            return "(" + left + " NEAR/" + distance + (ordered ? "f " : " ") + right + ")";
        }
    }
}
