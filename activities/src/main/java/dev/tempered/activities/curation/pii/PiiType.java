package dev.tempered.activities.curation.pii;

/** The kinds of personal data {@link PiiRedactor} finds, each with its typed placeholder. */
public enum PiiType {
    EMAIL("<EMAIL>"),
    IP("<IP>"),
    ADDRESS("<ADDRESS>"),
    PHONE("<PHONE>");

    private final String placeholder;

    PiiType(String placeholder) {
        this.placeholder = placeholder;
    }

    public String placeholder() {
        return placeholder;
    }
}
