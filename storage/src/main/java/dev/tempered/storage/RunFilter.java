package dev.tempered.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which runs a list shows: by status, by pipeline name (exact), and by text found in the run id,
 * the pipeline name or the error (case-insensitive). Null or blank means any.
 */
public record RunFilter(StageStatus status, String pipeline, String text) {
    public static final RunFilter ALL = new RunFilter(null, null, null);

    public RunFilter {
        pipeline = blankToNull(pipeline);
        text = blankToNull(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A status as typed in a query parameter; blank means any, an unknown one names the choices. */
    public static StageStatus status(String typed) {
        if (typed == null || typed.isBlank()) return null;
        for (StageStatus s : StageStatus.values())
            if (s.dbValue().equals(typed.strip().toLowerCase(Locale.ROOT))) return s;
        List<String> names = new ArrayList<>();
        for (StageStatus s : StageStatus.values()) names.add(s.dbValue());
        throw new IllegalArgumentException("status '" + typed + "' is not one of " + String.join(", ", names));
    }

    public boolean isAll() {
        return status == null && pipeline == null && text == null;
    }

    /**
     * The SQL condition on {@code pipeline_runs} (no alias), with {@link #parameters()} in order:
     * fixed text with placeholders, never a value spliced in.
     */
    public String whereSql() {
        List<String> conditions = new ArrayList<>();
        if (status != null) conditions.add("status = ?");
        if (pipeline != null) conditions.add("pipeline = ?");
        if (text != null)
            conditions.add("(id ILIKE ? ESCAPE '\\' OR pipeline ILIKE ? ESCAPE '\\' OR error ILIKE ? ESCAPE '\\')");
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    public List<Object> parameters() {
        List<Object> p = new ArrayList<>();
        if (status != null) p.add(status.dbValue());
        if (pipeline != null) p.add(pipeline);
        if (text != null) {
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            p.add(like);
            p.add(like);
            p.add(like);
        }
        return p;
    }
}
