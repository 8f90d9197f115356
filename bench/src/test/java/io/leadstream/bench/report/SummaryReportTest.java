package io.leadstream.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryReportTest {
    private static final KeyFigure MET = new KeyFigure("crm-sink", "Salesforce requests per call event", "0.0054",
            "3.00 (naive per-event sync)", "0.0018×", "≤ 0.05", KeyFigure.Verdict.MET, "crm-sink.md");
    private static final KeyFigure MISSED = new KeyFigure("stream-app", "EOS v2 throughput", "22,967 events/s",
            "117,514 events/s", "0.20×", "≥ 0.75× baseline", KeyFigure.Verdict.MISSED, "stream-app.md");
    private static final KeyFigure CONTEXT = KeyFigure.context("serde", "serializeWireFormat", "809,137 ops/s",
            "869,849 ops/s", "0.93×", "serde.md");

    @Test
    void targetsAreListedWithTheirVerdictAndTheMissedOnesCounted() {
        String md = SummaryReport.render(List.of(MET, MISSED, CONTEXT), List.of(), "bench/run --quick", "2 cores");

        assertThat(md).contains("| [crm-sink](crm-sink.md) | Salesforce requests per call event | ≤ 0.05 | 0.0054 |"
                        + " 3.00 (naive per-event sync) | 0.0018× | met |")
                .contains("| [stream-app](stream-app.md) | EOS v2 throughput | ≥ 0.75× baseline | 22,967 events/s |"
                        + " 117,514 events/s | 0.20× | **missed** |")
                .contains("1 of 2 targets met in this run; why each missed one is missed");
    }

    @Test
    void figuresWithoutATargetGoToOtherFiguresNotToTheTargetTable() {
        String md = SummaryReport.render(List.of(CONTEXT), List.of(), "bench/run", "2 cores");

        assertThat(md).contains("No section of this run measured a figure SPEC §13 sets a target for.")
                .contains("## Other figures")
                .contains("| [serde](serde.md) | serializeWireFormat | 809,137 ops/s | 869,849 ops/s | 0.93× |");
    }

    @Test
    void sectionWallTimesAddUpToTheRunsTotal() {
        String md = SummaryReport.render(List.of(MET), List.of(new SummaryReport.SectionTime("serde", 25),
                new SummaryReport.SectionTime("stream-app", 95)), "bench/run --quick", "2 cores");

        assertThat(md).contains("Command: `bench/run --quick`, 2 min 00 s wall time in all")
                .contains("| stream-app | 1 min 35 s |").contains("| **all** | **2 min 00 s** |");
    }
}
