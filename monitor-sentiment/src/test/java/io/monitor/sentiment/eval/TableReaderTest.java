package io.monitor.sentiment.eval;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableReaderTest {

    private static List<List<String>> read(String input, TableReader.Format format) throws IOException {
        TableReader r = new TableReader(new BufferedReader(new StringReader(input)), format);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row; (row = r.next()) != null; ) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void csvHandlesQuotesEscapedQuotesCommasAndLineBreaks() throws IOException {
        String csv = "id,text\n1,\"Hallo, \"\"Welt\"\"\nzweite Zeile\"\n2,plain\n3,\n";
        assertThat(read(csv, TableReader.Format.CSV)).containsExactly(
                List.of("id", "text"),
                List.of("1", "Hallo, \"Welt\"\nzweite Zeile"),
                List.of("2", "plain"),
                List.of("3", ""));
    }

    @Test
    void tsvSplitsOnTabsOnlyAndKeepsEmptyFields() throws IOException {
        assertThat(read("positive\tgut, \"sehr\"\t\n", TableReader.Format.TSV))
                .containsExactly(List.of("positive", "gut, \"sehr\"", ""));
    }

    @Test
    void linesAreOneFieldEachAndTheByteOrderMarkIsDropped() throws IOException {
        assertThat(read("\uFEFFeins\tzwei\ndrei", TableReader.Format.LINES))
                .containsExactly(List.of("eins\tzwei"), List.of("drei"));
    }

    @Test
    void anUnclosedQuoteIsReportedWithItsLine() {
        assertThatThrownBy(() -> read("a\n\"offen\n", TableReader.Format.CSV))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2").hasMessageContaining("not closed");
    }
}
