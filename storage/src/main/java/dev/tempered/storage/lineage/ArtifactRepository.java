package dev.tempered.storage.lineage;

import dev.tempered.storage.ArtifactProducer;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Artifact rows: what is stored under which digest, recorded once and never changed.
 *
 * <pre>{@code
 * ArtifactRepository artifacts = new ArtifactRepository(dataSource);
 * artifacts.record(ArtifactRecord.of(stored, "raw-pages", "application/x-ndjson+gzip", Map.of()));
 * artifacts.byDigest(stored.digest()).orElseThrow();
 * }</pre>
 */
public final class ArtifactRepository {
    private final Jdbc jdbc;

    public ArtifactRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Records the artifact; recording it again (a retried activity) changes nothing. */
    public void record(ArtifactRecord a) {
        jdbc.update("""
                INSERT INTO artifacts (digest, kind, size, media_type, storage_key, metadata)
                VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (digest) DO NOTHING""", a.digest(), a.kind(), a.size(), a.mediaType(), a.storageKey(), Json.write(a.metadata()));
    }

    public Optional<ArtifactRecord> byDigest(String digest) {
        Digests.require(digest);
        return jdbc.queryOne("SELECT * FROM artifacts WHERE digest = ?", ArtifactRepository::row, digest);
    }

    /**
     * Digests starting with {@code prefix} (lower-case hex, checked by the caller), sorted, at most
     * {@code limit}. Use {@link dev.tempered.storage.LineageStore#resolveDigest} rather than this.
     */
    public List<String> digestsStartingWith(String prefix, int limit) {
        if (!prefix.matches("[0-9a-f]{1,64}")) throw new IllegalArgumentException("not a hex prefix: " + prefix);
        return jdbc.query(
                "SELECT digest FROM artifacts WHERE starts_with(digest::text, ?) ORDER BY digest LIMIT ?",
                rs -> rs.getString(1),
                prefix,
                limit);
    }

    /** The newest artifacts, less the {@link ArtifactRecord#INTERNAL_KINDS internal kinds}. */
    public List<ArtifactRecord> recent(int limit) {
        List<String> internal = ArtifactRecord.INTERNAL_KINDS;
        String notInternal = String.join(" AND ", java.util.Collections.nCopies(internal.size(), "kind <> ?"));
        List<Object> args = new java.util.ArrayList<>(internal);
        args.add(limit);
        return jdbc.query(
                "SELECT * FROM artifacts WHERE " + notInternal + " ORDER BY created_at DESC, digest LIMIT ?",
                ArtifactRepository::row,
                args.toArray());
    }

    /** The newest artifacts of every kind, internal ones included ({@code tempered artifacts list --all}). */
    public List<ArtifactRecord> recentIncludingInternal(int limit) {
        return jdbc.query(
                "SELECT * FROM artifacts ORDER BY created_at DESC, digest LIMIT ?", ArtifactRepository::row, limit);
    }

    /** The newest artifacts of one kind (the playground's recent checkpoints). */
    public List<ArtifactRecord> recent(String kind, int limit) {
        return jdbc.query(
                "SELECT * FROM artifacts WHERE kind = ? ORDER BY created_at DESC, digest LIMIT ?",
                ArtifactRepository::row,
                kind,
                limit);
    }

    /**
     * The first stage run that wrote each of {@code digests} (cached reruns reused the outputs and
     * wrote nothing), with its pipeline run; one statement for the whole list. Digests no stage
     * wrote (uploads, inputs) are absent from the map.
     */
    public java.util.Map<String, ArtifactProducer> producers(java.util.Collection<String> digests) {
        if (digests.isEmpty()) return java.util.Map.of();
        List<ArtifactProducer> found = jdbc.query(
                """
                SELECT DISTINCT ON (o.artifact_digest) o.artifact_digest, s.stage, p.id, p.pipeline
                FROM stage_outputs o
                JOIN stage_runs s ON s.id = o.stage_run_id
                JOIN pipeline_runs p ON p.id = s.pipeline_run_id
                WHERE o.artifact_digest = ANY(CAST(? AS char(64)[])) AND s.cached_from IS NULL
                ORDER BY o.artifact_digest, s.started_at, s.id""",
                rs -> new ArtifactProducer(rs.getString(1).strip(), rs.getString(2), rs.getString(3), rs.getString(4)),
                new Jdbc.TextArray(digests.toArray(String[]::new)));
        java.util.Map<String, ArtifactProducer> byDigest = new java.util.HashMap<>();
        for (ArtifactProducer p : found) byDigest.put(p.digest(), p);
        return byDigest;
    }

    static ArtifactRecord row(ResultSet rs) throws SQLException {
        return new ArtifactRecord(
                rs.getString("digest"),
                rs.getString("kind"),
                rs.getLong("size"),
                rs.getString("media_type"),
                rs.getString("storage_key"),
                Json.readMap(rs.getString("metadata")),
                Jdbc.instant(rs, "created_at"));
    }
}
