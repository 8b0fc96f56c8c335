package dev.tempered.activities.curation;

import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parameters of stage {@code curate} (see {@link CurateStage}); defaults are FineWeb's. */
public record CurationParams(
        @Param(doc = "Languages kept (fastText lid.176 codes, ISO 639-1 where one exists).")
        Set<String> languages,

        @Param(doc = "Minimum top-language probability (FineWeb: 0.65).", min = 0, max = 1)
        double languageThreshold,

        @Param(
                doc = "Pages per checkpoint inside a shard; a crash loses at most this much work.",
                min = 1,
                max = 1_000_000)
        int chunkDocs,

        @Param(doc = "Drop pages whose URL is on the blocklists.")
        boolean urlFilter,

        @Param(
                doc = "Quality filters, in order.",
                choices = {"gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"})
        List<String> qualityFilters,

        @Param(doc = "MinHash near-duplicate removal across the dataset.")
        boolean dedup,

        @Param(doc = "Replace emails, phone numbers, IPs and street addresses by placeholders.")
        boolean pii,

        @Param(doc = "C4's rule dropping lines without terminal punctuation (off in FineWeb).")
        boolean c4FilterNoTerminalPunct) {

    public static final List<String> QUALITY_FILTERS =
            List.of("gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality");

    public static final CurationParams DEFAULTS =
            new CurationParams(Set.of("en"), 0.65, 200, true, QUALITY_FILTERS, true, true, false);

    /** From the stage's params; an unknown quality filter is refused naming the element and the known ones. */
    public static CurationParams from(Map<String, Object> normalized) {
        return StageParams.read(normalized, CurationParams.class);
    }
}
