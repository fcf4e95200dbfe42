package io.monitor.sentiment.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads rows of text input: plain lines (one field), TSV (tab-separated, no quoting) or CSV (RFC 4180: quoted
 * fields may hold commas, doubled quotes and line breaks). Not thread-safe; one reader per input.
 */
public final class TableReader {

    public enum Format {
        LINES, TSV, CSV;

        public static Format parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + s + "': use lines, tsv or csv");
            }
        }
    }

    private final BufferedReader in;
    private final Format format;
    private long line;

    public TableReader(BufferedReader in, Format format) {
        this.in = in;
        this.format = format;
    }

    /** Line number (1-based) where the last returned row ended. */
    public long lineNumber() {
        return line;
    }

    /** The next row, or null at the end of input. */
    public List<String> next() throws IOException {
        String first = in.readLine();
        if (first == null) {
            return null;
        }
        line++;
        if (line == 1 && !first.isEmpty() && first.charAt(0) == '\uFEFF') {
            first = first.substring(1); // byte order mark
        }
        return switch (format) {
            case LINES -> List.of(first);
            case TSV -> split(first, '\t');
            case CSV -> csv(first);
        };
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>(8);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private List<String> csv(String firstLine) throws IOException {
        List<String> out = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        String s = firstLine;
        int i = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (i >= s.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) {
                        throw new IOException("line " + line + ": quoted CSV field not closed before end of input");
                    }
                    line++;
                    field.append('\n');
                    s = more;
                    i = 0;
                    continue;
                }
                out.add(field.toString());
                return out;
            }
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                field.append(c);
                i++;
                continue;
            }
            if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
                i++;
                continue;
            }
            if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
                continue;
            }
            field.append(c);
            fieldStart = false;
            i++;
        }
    }
}
