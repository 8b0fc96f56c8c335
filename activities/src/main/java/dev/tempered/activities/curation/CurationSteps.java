package dev.tempered.activities.curation;

/** Builds the curation steps for a parameter set; the one place that names concrete filters. */
public interface CurationSteps {
    ShardCurator curator(CurationParams params);

    Deduplication deduplication(CurationParams params);

    /** The PII step, or null when disabled. */
    TextTransform pii(CurationParams params);
}
