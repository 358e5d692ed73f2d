package io.sockwatch.agent.render;

/**
 * A wall-clock time as {@code Instant.toString()} prints it at millisecond precision ({@code 2026-12-07T23:14:05Z},
 * {@code ...05.120Z}), written without {@code java.time}'s formatter: its initialisation (the predefined formatters,
 * {@code java.util.regex}) was a tenth of the classes an attach loads into the host before its first report.
 */
final class UtcTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Days from 0000-03-01 (the proleptic Gregorian calendar's year starting in March) to 1970-01-01. */
    private static final long EPOCH_SHIFT_DAYS = 719_468L;
    private static final long DAYS_PER_400_YEARS = 146_097L;

    private UtcTime() {
    }

    /** {@code epochMillis} (years 0000 to 9999) as {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String of(long epochMillis) {
        StringBuilder out = new StringBuilder(24);
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // the civil date from a day count: years counted from March, so the leap day ends a year
        long shifted = days + EPOCH_SHIFT_DAYS;
        long era = Math.floorDiv(shifted, DAYS_PER_400_YEARS);
        int dayOfEra = (int) (shifted - era * DAYS_PER_400_YEARS);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
        digits(out, year, 4).append('-');
        digits(out, month, 2).append('-');
        digits(out, day, 2).append('T');
        digits(out, millisOfDay / 3_600_000, 2).append(':');
        digits(out, millisOfDay / 60_000 % 60, 2).append(':');
        digits(out, millisOfDay / 1000 % 60, 2);
        if (millisOfDay % 1000 != 0) {
            digits(out.append('.'), millisOfDay % 1000, 3);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder out, long value, int width) {
        String text = Long.toString(value);
        for (int pad = width - text.length(); pad > 0; pad--) {
            out.append('0');
        }
        return out.append(text);
    }
}
