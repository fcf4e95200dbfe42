package io.monitor.streams.query;

/**
 * A brand query that cannot be parsed. The message names the column (1-based), what was expected and what
 * was found, e.g. {@code column 9: expected ')' to close the '(' at column 1, found end of query}.
 */
public final class QueryParseException extends IllegalArgumentException {
    private final String query;
    private final int position;
    private final String expected;

    QueryParseException(String query, int position, String expected, String message) {
        super("column " + (position + 1) + ": " + message);
        this.query = query;
        this.position = position;
        this.expected = expected;
    }

    /** The query text. */
    public String query() {
        return query;
    }

    /** 0-based character offset of the problem in {@link #query()}. */
    public int position() {
        return position;
    }

    /** What the parser expected there, in words (e.g. {@code "')'"}, {@code "a term"}). */
    public String expected() {
        return expected;
    }
}
