package io.leadstream.bench.report;

/**
 * One figure a bench section wants in the run's summary: what was measured, beside what, and how it
 * compares with SPEC §13 when the spec sets a target for it.
 *
 * @param section  the bench section ("stream-app", "crm-sink", ...)
 * @param figure   what the value is, in words
 * @param value    the measured value with its unit, formatted for reading
 * @param baseline the baseline measured in the same run, with its unit, or "" when the figure has none
 * @param ratio    value ÷ baseline (or the section's stated ratio), formatted, or ""
 * @param target   the SPEC §13 target in words, or "" when the spec sets none
 * @param verdict  whether the target holds in this run
 * @param report   the section's report file name in the same directory
 */
public record KeyFigure(String section, String figure, String value, String baseline, String ratio, String target,
                        Verdict verdict, String report) {

    public enum Verdict {
        MET, MISSED, NO_TARGET;

        /** MET when {@code holds}, otherwise MISSED. */
        public static Verdict of(boolean holds) {
            return holds ? MET : MISSED;
        }
    }

    /** A figure the spec sets no target for (orientation, ceilings). */
    public static KeyFigure context(String section, String figure, String value, String baseline, String ratio, String report) {
        return new KeyFigure(section, figure, value, baseline, ratio, "", Verdict.NO_TARGET, report);
    }
}
