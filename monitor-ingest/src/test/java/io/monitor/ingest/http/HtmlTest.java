package io.monitor.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void tagsAreRemovedParagraphsAndBreaksBecomeNewlinesEntitiesAreDecoded() {
        assertThat(Html.toText("<p>Hallo <a href=\"x\">@<span>nordbahn</span></a>,<br>sch&ouml;n? &amp; &#x27;ok&#39; &lt;3</p>"
                + "<p>zweiter&nbsp;Absatz &#128514;</p>"))
                .isEqualTo("Hallo @nordbahn,\nsch&ouml;n? & 'ok' <3\n\nzweiter Absatz 😂");
    }

    @Test
    void nullAndPlainTextPassThrough() {
        assertThat(Html.toText(null)).isEmpty();
        assertThat(Html.toText("  plain  text ")).isEqualTo("plain text");
    }
}
