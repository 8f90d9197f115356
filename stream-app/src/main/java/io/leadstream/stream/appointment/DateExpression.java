package io.leadstream.stream.appointment;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;

/** A date as it was said, before it is anchored to the call's local date. */
sealed interface DateExpression {

    /** A complete calendar date ("2026-03-04", "3/4/2026", "March 4, 2026"). */
    record Absolute(LocalDate date, Optional<DayOfWeek> statedWeekday) implements DateExpression {
    }

    /** A month and day without a year ("March 4", "3/4"): the next such date on or after the call date. */
    record Yearless(MonthDay monthDay, Optional<DayOfWeek> statedWeekday) implements DateExpression {
    }

    /** "today" (0), "tomorrow" (1), "the day after tomorrow" (2). */
    record DaysFromCall(int days) implements DateExpression {
    }

    /**
     * A weekday name. "Friday" is the next Friday, today included if the time is still ahead;
     * "next Friday" is the first Friday after today.
     */
    record Weekday(DayOfWeek day, boolean excludeToday) implements DateExpression {
    }
}
