package dev.tempered.storage.lineage;

import dev.tempered.storage.Digests;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.StageRunLink;
import dev.tempered.storage.StageStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One artifact's neighbourhood in the lineage graph: the stage runs that wrote it, with what they
 * read, and the stage runs that read it, with what they wrote. Three statements on one connection,
 * however many runs touch the artifact.
 */
public final class LineageGraphRepository {
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
            return Optional.of(new Lineage(
                    artifact.get(),
                    links(c, Edges.Side.OUTPUTS, Edges.Side.INPUTS, digest),
                    links(c, Edges.Side.INPUTS, Edges.Side.OUTPUTS, digest)));
        });
    }

    /** Stage runs linked to the artifact through {@code via}, each with its {@code other}-side artifacts. */
    private static List<StageRunLink> links(Connection c, Edges.Side via, Edges.Side other, String digest)
            throws SQLException {
        return Jdbc.query(
                c,
                "SELECT s.id, s.pipeline_run_id, s.stage, s.status, s.started_at, "
                        + Edges.jsonArray(other, "s.id") + " AS artifacts FROM stage_runs s "
                        + "WHERE s.id IN (SELECT e.stage_run_id FROM " + via.table + " e WHERE e.artifact_digest = ?) "
                        + "ORDER BY s.started_at, s.id",
                rs -> new StageRunLink(
                        rs.getObject("id", UUID.class),
                        rs.getString("pipeline_run_id"),
                        rs.getString("stage"),
                        StageStatus.fromDb(rs.getString("status")),
                        Jdbc.instant(rs, "started_at"),
                        Edges.parse(rs.getString("artifacts"))),
                digest);
    }
}
