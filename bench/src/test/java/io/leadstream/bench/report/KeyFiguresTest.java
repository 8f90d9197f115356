package io.leadstream.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFiguresTest {

    @Test
    void figuresWithCommasQuotesAndPipesSurviveTheCsvRoundTrip(@TempDir Path out) throws Exception {
        KeyFigure awkward = new KeyFigure("stream-app", "EOS v2 \"events/s\", 12 partitions", "22,967 events/s",
                "117,514 events/s", "0.20×", "≥ 0.75× baseline | same run", KeyFigure.Verdict.MISSED, "stream-app.md");
        KeyFigure plain = KeyFigure.context("serde", "serializeWireFormat", "809137 ops/s", "", "", "serde.md");

        KeyFigures.append(out, awkward);
        KeyFigures.append(out, plain);

        assertThat(KeyFigures.read(out)).containsExactly(awkward, plain);
        assertThat(Files.readAllLines(out.resolve(KeyFigures.FILE))).hasSize(3)
                .first().isEqualTo("section,figure,value,baseline,ratio,target,verdict,report");
    }

    @Test
    void aRunWithoutFiguresReadsAsEmpty(@TempDir Path out) throws Exception {
        assertThat(KeyFigures.read(out)).isEmpty();
    }

    @Test
    void aTruncatedRowIsAnErrorNotASilentlyShorterSummary(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve(KeyFigures.FILE), "section,figure,value,baseline,ratio,target,verdict,report\nserde,x,1\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyFigures.read(out))
                .hasMessageContaining("malformed row").hasMessageContaining("serde,x,1");
    }

    @Test
    void splitKeepsEmptyCellsAndEscapedQuotes() {
        assertThat(KeyFigures.split("a,,\"b \"\"c\"\", d\",")).isEqualTo(List.of("a", "", "b \"c\", d", ""));
    }
}
