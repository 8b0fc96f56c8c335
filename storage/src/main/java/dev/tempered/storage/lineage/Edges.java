package dev.tempered.storage.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The typed edges between stage runs and artifacts ({@code stage_inputs}, {@code stage_outputs}):
 * writing them, and the SQL that reads a stage run's edges as one JSON array inside a bigger query,
 * so that a page of runs never needs a query per stage run.
 */
final class Edges {
    /** Which edge table; the SQL names come from here, never from input. */
    enum Side {
        INPUTS("stage_inputs"),
        OUTPUTS("stage_outputs");

        final String table;

        Side(String table) {
            this.table = table;
        }
    }

    private static final TypeReference<List<ArtifactRef>> REFS = new TypeReference<>() {};

    /** The name without its trailing number, then that number as a number, then as written. */
    private static final String NUMBERED_NAME_ORDER = "regexp_replace(e.name, '[0-9]+$', ''), "
            + "(substring(e.name FROM '([0-9]{1,18})$'))::bigint NULLS FIRST, e.name, e.position";

    private Edges() {}

    /**
     * A scalar subquery giving the {@code side} edges of the stage run whose id is {@code stageRunId}
     * (a column of the enclosing query) as a JSON array of {@code {name, digest, kind, size, path}}, in
     * name then position order, {@code []} when there are none. Reads the edge table's primary key.
     * Names ending in a number sort by that number ({@code checkpoint_step_20} before
     * {@code checkpoint_step_100}), so checkpoints list by step everywhere. {@code path} is the metadata path of a source file (null for others), so lineage shows where
     * the bytes came from.
     */
    static String jsonArray(Side side, String stageRunId) {
        return "(SELECT COALESCE(json_agg(json_build_object('name', e.name, 'digest', e.artifact_digest, "
                + "'kind', a.kind, 'size', a.size, 'path', a.metadata->>'path') ORDER BY " + NUMBERED_NAME_ORDER + "), "
                + "'[]'::json) FROM " + side.table
                + " e JOIN artifacts a ON a.digest = e.artifact_digest WHERE e.stage_run_id = " + stageRunId + ")";
    }

    static List<ArtifactRef> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, REFS);
        } catch (JsonProcessingException e) {
            throw new StorageException(
                    "lineage database returned edges that are not a JSON array of artifact refs: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    /** Inserts edges; the position counts repeats of one name (shard 0, shard 1, …). Existing edges are kept. */
    static void insert(Connection c, Side side, UUID stageRunId, List<NamedDigest> edges) throws SQLException {
        if (edges.isEmpty()) return;
        Map<String, Integer> positions = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + side.table
                + " (stage_run_id, artifact_digest, name, position) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (NamedDigest e : edges) {
                int position = positions.merge(e.name(), 1, Integer::sum) - 1;
                ps.setObject(1, stageRunId);
                ps.setString(2, e.digest());
                ps.setString(3, e.name());
                ps.setInt(4, position);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())
                    || (e.getNextException() != null
                            && "23503".equals(e.getNextException().getSQLState()))) {
                throw new StorageException(
                        "stage run " + stageRunId + " names an artifact that was never recorded: "
                                + edges.stream().map(NamedDigest::digest).toList()
                                + "; record artifacts before linking them",
                        e);
            }
            throw e;
        }
    }
}
