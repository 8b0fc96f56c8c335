package dev.tempered.activities.curation.pii;

/**
 * A document's text that allows only so many character reads, so that a pattern which backtracks
 * far more than planned stops with {@link PiiScanException} instead of running for minutes.
 *
 * <p>Why a count and not a clock: the same document then fails or passes the same way on every
 * retry and every machine, which keeps curation deterministic.
 */
final class BudgetedText implements CharSequence {
    static final String REASON = "pii_scan_budget_exceeded";

    private final String text;
    private final long budget;
    private long left;

    BudgetedText(String text, long budget) {
        this.text = text;
        this.budget = budget;
        this.left = budget;
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw new PiiScanException(
                    REASON,
                    "PII scan read more than " + budget + " characters of a " + text.length()
                            + "-character text; the document is excluded rather than kept unredacted",
                    null);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    /** Reads made so far; for measuring how much of the budget real text uses. */
    long used() {
        return budget - left;
    }

    @Override
    public String toString() {
        return text;
    }
}
