package dev.tempered.storage.lineage;

import dev.tempered.storage.Digests;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.StageRunLink;
import dev.tempered.storage.StageStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One artifact's neighbourhood in the lineage graph: the stage runs that wrote it, with what they
 * read, and the stage runs that read it, with what they wrote. Four statements on one connection,
 * however many runs touch the artifact.
 *
 * <p>A cached rerun carries the same edges as the run it reused, so it is left out wherever that
 * run already appears: otherwise every rerun would show as another producer and repeat the whole
 * subtree below it. A shard that a stage read through a manifest (pretrain reads the token
 * manifest, not each shard) lists that stage as a consumer too, marked with the manifest: a shard
 * belongs to a manifest when one stage run wrote both, as {@code shard} and {@code manifest}.
 */
public final class LineageGraphRepository {
    private static final String SELECT_LINK = "SELECT s.id, s.pipeline_run_id, s.stage, s.status, s.started_at, ";

    private final Jdbc jdbc;

    public LineageGraphRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    public Optional<Lineage> of(String digest) {
        Digests.require(digest);
        return jdbc.withConnection(c -> {
            var artifact =
                    Jdbc.queryOne(c, "SELECT * FROM artifacts WHERE digest = ?", ArtifactRepository::row, digest);
            if (artifact.isEmpty()) return Optional.empty();
            List<StageRunLink> consumers = links(c, Edges.Side.INPUTS, Edges.Side.OUTPUTS, digest);
            return Optional.of(new Lineage(
                    artifact.get(),
                    links(c, Edges.Side.OUTPUTS, Edges.Side.INPUTS, digest),
                    withManifestReaders(consumers, manifestReaders(c, digest))));
        });
    }

    /**
     * Stage runs linked to the artifact through {@code via}, each with its {@code other}-side
     * artifacts; a cached run is left out when the run it reused is linked the same way.
     */
    private static List<StageRunLink> links(Connection c, Edges.Side via, Edges.Side other, String digest)
            throws SQLException {
        return Jdbc.query(
                c,
                SELECT_LINK + "NULL AS via, " + Edges.jsonArray(other, "s.id") + " AS artifacts FROM stage_runs s "
                        + "WHERE s.id IN (SELECT e.stage_run_id FROM " + via.table + " e WHERE e.artifact_digest = ?) "
                        + "AND NOT EXISTS (SELECT 1 FROM " + via.table + " o "
                        + "WHERE o.stage_run_id = s.cached_from AND o.artifact_digest = ?) "
                        + "ORDER BY s.started_at, s.id",
                LineageGraphRepository::link,
                digest,
                digest);
    }

    /** Stage runs that read a manifest written together with this artifact as one of its shards. */
    private static List<StageRunLink> manifestReaders(Connection c, String digest) throws SQLException {
        return Jdbc.query(
                c,
                SELECT_LINK + "m.artifact_digest AS via, " + Edges.jsonArray(Edges.Side.OUTPUTS, "s.id")
                        + " AS artifacts FROM stage_outputs x "
                        + "JOIN stage_runs p ON p.id = x.stage_run_id AND p.cached_from IS NULL "
                        + "JOIN stage_outputs m ON m.stage_run_id = p.id AND m.name = 'manifest' "
                        + "JOIN stage_inputs i ON i.artifact_digest = m.artifact_digest "
                        + "JOIN stage_runs s ON s.id = i.stage_run_id "
                        + "WHERE x.artifact_digest = ? AND x.name = 'shard' "
                        + "AND NOT EXISTS (SELECT 1 FROM stage_inputs o "
                        + "WHERE o.stage_run_id = s.cached_from AND o.artifact_digest = m.artifact_digest) "
                        + "ORDER BY s.started_at, s.id",
                LineageGraphRepository::link,
                digest);
    }

    /** Direct consumers first; a run that read the shard itself as well as its manifest appears once. */
    private static List<StageRunLink> withManifestReaders(List<StageRunLink> direct, List<StageRunLink> readers) {
        Map<UUID, StageRunLink> all = new LinkedHashMap<>();
        for (StageRunLink l : direct) all.put(l.stageRunId(), l);
        for (StageRunLink l : readers) all.putIfAbsent(l.stageRunId(), l);
        return new ArrayList<>(all.values());
    }

    private static StageRunLink link(java.sql.ResultSet rs) throws SQLException {
        return new StageRunLink(
                rs.getObject("id", UUID.class),
                rs.getString("pipeline_run_id"),
                rs.getString("stage"),
                StageStatus.fromDb(rs.getString("status")),
                Jdbc.instant(rs, "started_at"),
                Edges.parse(rs.getString("artifacts")),
                rs.getString("via"));
    }
}
