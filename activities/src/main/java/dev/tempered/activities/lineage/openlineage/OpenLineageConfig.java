package dev.tempered.activities.lineage.openlineage;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where OpenLineage events go.
 *
 * @param file a JSON Lines file, one RunEvent per line, appended to; null for none
 * @param httpUrl an OpenLineage HTTP endpoint's base URL (Marquez: {@code http://host:5000}); the
 *     client posts to {@code /api/v1/lineage} under it; null for none
 */
public record OpenLineageConfig(Path file, URI httpUrl) {
    /** The namespace of every job and dataset this platform names. */
    public static final String NAMESPACE = "tempered";

    /** The file sink's name under the data directory. */
    public static final String FILE_NAME = "openlineage/events.jsonl";

    public boolean enabled() {
        return file != null || httpUrl != null;
    }
}
