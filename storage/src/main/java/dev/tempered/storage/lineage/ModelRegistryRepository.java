package dev.tempered.storage.lineage;

import dev.tempered.storage.Json;
import dev.tempered.storage.registry.AliasMove;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.NewModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.registry.RegistryException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The model registry: versions of named models, the {@code candidate} and {@code production}
 * aliases with their history, and promotion requests with the gate's verdict and the approval.
 *
 * <pre>{@code
 * ModelRegistryRepository registry = new ModelRegistryRepository(dataSource);
 * ModelVersion v = registry.register(new NewModelVersion("chat", ckpt, "chat", card, tok, null, run, pipe, "evaluate"));
 * registry.startPromotion("promote-chat-3", "chat", v.version(), 0.02, "ana");
 * registry.promote("promote-chat-3");          // moves production, audited with the decision
 * registry.rollback("chat", "ana", "bad replies"); // production back to the version before
 * }</pre>
 *
 * <p>Every change that touches several rows runs in one transaction under a per-model advisory
 * lock, so two registrations never take the same number and an alias never moves without its
 * history row. Registering a checkpoint twice, starting a promotion twice and promoting twice
 * change nothing the second time: the activities that call them may be retried.
 */
public final class ModelRegistryRepository {
    private static final String VERSION_COLUMNS = """
            v.model, v.version, v.checkpoint_digest, v.checkpoint_kind, v.report_card_digest, v.tokenizer_digest,
            v.labels_digest, v.stage_run_id, v.pipeline_run_id, v.registered_by, v.registered_at""";

    private final Jdbc jdbc;

    public ModelRegistryRepository(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /**
     * Registers a checkpoint as the model's next version and points {@code candidate} at it; a
     * checkpoint already registered under this model comes back as it is, aliases untouched.
     */
    public ModelVersion register(NewModelVersion n) {
        return jdbc.inTransaction(c -> {
            lock(c, n.model());
            Optional<ModelVersion> existing = Jdbc.queryOne(
                    c,
                    "SELECT " + VERSION_COLUMNS
                            + " FROM model_versions v WHERE v.model = ? AND v.checkpoint_digest = ?",
                    ModelRegistryRepository::version,
                    n.model(),
                    n.checkpoint());
            if (existing.isPresent()) return existing.get();
            int next = Jdbc.queryOne(
                            c,
                            "SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model = ?",
                            rs -> rs.getInt(1),
                            n.model())
                    .orElseThrow();
            Jdbc.exec(
                    c,
                    """
                    INSERT INTO model_versions (model, version, checkpoint_digest, checkpoint_kind, report_card_digest,
                        tokenizer_digest, labels_digest, stage_run_id, pipeline_run_id, registered_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    n.model(),
                    next,
                    n.checkpoint(),
                    n.checkpointKind(),
                    n.reportCard(),
                    n.tokenizer(),
                    n.labels(),
                    n.stageRunId(),
                    n.pipelineRunId(),
                    n.registeredBy());
            moveAlias(c, n.model(), Aliases.CANDIDATE, next, "register", n.registeredBy(), null, null);
            return Jdbc.queryOne(
                            c,
                            "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.model = ? AND v.version = ?",
                            ModelRegistryRepository::version,
                            n.model(),
                            next)
                    .orElseThrow();
        });
    }

    /** Every version of {@code model}, newest first. */
    public List<ModelVersion> versions(String model) {
        return jdbc.query(
                "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.model = ? ORDER BY v.version DESC",
                ModelRegistryRepository::version,
                model);
    }

    /** The versions registered with report card {@code digest}, one per model, newest first. */
    public List<ModelVersion> byReportCard(String digest) {
        return jdbc.query(
                "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.report_card_digest = ?"
                        + " ORDER BY v.registered_at DESC",
                ModelRegistryRepository::version,
                digest);
    }

    /** The versions whose checkpoint pipeline run {@code runId} wrote, newest first. */
    public List<ModelVersion> registeredByRun(String runId) {
        return jdbc.query(
                "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.pipeline_run_id = ?"
                        + " ORDER BY v.registered_at DESC, v.version DESC",
                ModelRegistryRepository::version,
                runId);
    }

    /** The names of every model with at least one version. */
    public List<String> models() {
        return jdbc.query("SELECT DISTINCT model FROM model_versions ORDER BY model", rs -> rs.getString(1));
    }

    public Optional<ModelVersion> version(String model, int version) {
        return jdbc.queryOne(
                "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.model = ? AND v.version = ?",
                ModelRegistryRepository::version,
                model,
                version);
    }

    /** The version {@code alias} points at; empty when it is unset. */
    public Optional<ModelVersion> byAlias(String model, String alias) {
        Aliases.require(alias);
        return jdbc.queryOne(
                "SELECT " + VERSION_COLUMNS + " FROM model_aliases a JOIN model_versions v"
                        + " ON v.model = a.model AND v.version = a.version WHERE a.model = ? AND a.alias = ?",
                ModelRegistryRepository::version,
                model,
                alias);
    }

    /** Alias name to version for {@code model}, in {@link Aliases#ALL} order; unset aliases are absent. */
    public Map<String, Integer> aliases(String model) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (String alias : Aliases.ALL) {
            jdbc.queryOne(
                            "SELECT version FROM model_aliases WHERE model = ? AND alias = ?",
                            rs -> rs.getInt(1),
                            model,
                            alias)
                    .ifPresent(v -> found.put(alias, v));
        }
        return found;
    }

    /** Every move of every alias of {@code model}, newest first. */
    public List<AliasMove> history(String model) {
        return jdbc.query("""
                SELECT id, model, alias, from_version, to_version, action, actor, comment, promotion_id, at
                FROM model_alias_history WHERE model = ? ORDER BY id DESC""", ModelRegistryRepository::move, model);
    }

    // ---- promotions ----------------------------------------------------------------------------

    /** Records a promotion request as {@code gating}; a second call with the same id changes nothing. */
    public Promotion startPromotion(String id, String model, int version, double tolerance, String requestedBy) {
        if (version(model, version).isEmpty()) {
            throw new RegistryException("model " + model + " has no version " + version
                    + "; 'tempered models list' shows the registered ones");
        }
        jdbc.update("""
                INSERT INTO model_promotions (id, model, version, status, tolerance, requested_by)
                VALUES (?, ?, ?, 'gating', ?, ?) ON CONFLICT (id) DO NOTHING""", id, model, version, tolerance, requestedBy);
        return promotion(id).orElseThrow();
    }

    /** Stores the gate's verdict: {@code refused} or {@code awaiting-approval}, with its comparison. */
    public void recordGate(String id, Integer baseline, boolean passed, Map<String, Object> gate) {
        jdbc.update(
                "UPDATE model_promotions SET status = ?, baseline = ?, gate = ?::jsonb WHERE id = ? AND status = 'gating'",
                passed ? Promotion.AWAITING_APPROVAL : Promotion.REFUSED,
                baseline,
                Json.write(gate),
                id);
    }

    /**
     * Stores an admin's decision. An approval leaves the status at {@code awaiting-approval} until
     * {@link #promote} moves the alias; a rejection ends the request.
     */
    public void recordDecision(String id, boolean approved, String approver, String role, String comment) {
        jdbc.update("""
                UPDATE model_promotions SET decided_by = ?, decided_role = ?, decision_comment = ?, decided_at = now(),
                    status = CASE WHEN ? THEN status ELSE 'rejected' END
                WHERE id = ? AND status = 'awaiting-approval' AND decided_at IS NULL""", approver, role, comment, approved, id);
    }

    /**
     * Moves {@code production} to the approved version of promotion {@code id}, audited with the
     * approver and comment, and marks it promoted. A promotion already promoted changes nothing.
     *
     * @throws RegistryException when the request was not approved
     */
    public Promotion promote(String id) {
        return jdbc.inTransaction(c -> {
            Promotion p = Jdbc.queryOne(c, PROMOTION + " WHERE id = ?", ModelRegistryRepository::promotion, id)
                    .orElseThrow(() -> new RegistryException("no promotion " + id));
            if (Promotion.PROMOTED.equals(p.status())) return p;
            if (!Promotion.AWAITING_APPROVAL.equals(p.status()) || p.decidedBy() == null) {
                throw new RegistryException(
                        "promotion " + id + " is " + p.status() + " and not approved; it cannot move production");
            }
            lock(c, p.model());
            moveAlias(
                    c,
                    p.model(),
                    Aliases.PRODUCTION,
                    p.version(),
                    "promote",
                    p.decidedBy(),
                    p.decisionComment(),
                    p.id());
            Jdbc.exec(c, "UPDATE model_promotions SET status = 'promoted' WHERE id = ?", id);
            return Jdbc.queryOne(c, PROMOTION + " WHERE id = ?", ModelRegistryRepository::promotion, id)
                    .orElseThrow();
        });
    }

    /**
     * Points {@code production} back at the version it pointed at before its latest move, in one
     * action, audited like a promotion.
     *
     * @return the version production points at now
     * @throws RegistryException when production is unset or was never anything else
     */
    public ModelVersion rollback(String model, String actor, String comment) {
        return jdbc.inTransaction(c -> {
            lock(c, model);
            Integer current = Jdbc.queryOne(
                            c,
                            "SELECT version FROM model_aliases WHERE model = ? AND alias = 'production'",
                            rs -> rs.getInt(1),
                            model)
                    .orElseThrow(
                            () -> new RegistryException("model " + model + " has no production version to roll back"));
            Optional<Integer> previous = Jdbc.queryOne(c, """
                    SELECT coalesce(from_version, 0) FROM model_alias_history
                    WHERE model = ? AND alias = 'production' AND to_version = ?
                    ORDER BY id DESC LIMIT 1""", rs -> rs.getInt(1), model, current);
            // 0: the alias was unset before its latest move (versions start at 1).
            if (previous.isEmpty() || previous.get() == 0) {
                throw new RegistryException("model " + model + " production is version " + current
                        + ", the first production version; there is nothing to roll back to");
            }
            moveAlias(c, model, Aliases.PRODUCTION, previous.get(), "rollback", actor, comment, null);
            return Jdbc.queryOne(
                            c,
                            "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.model = ? AND v.version = ?",
                            ModelRegistryRepository::version,
                            model,
                            previous.get())
                    .orElseThrow();
        });
    }

    public Optional<Promotion> promotion(String id) {
        return jdbc.queryOne(PROMOTION + " WHERE id = ?", ModelRegistryRepository::promotion, id);
    }

    /** The newest promotion requests of {@code model}, newest first. */
    public List<Promotion> promotions(String model, int limit) {
        return jdbc.query(
                PROMOTION + " WHERE model = ? ORDER BY requested_at DESC, id LIMIT ?",
                ModelRegistryRepository::promotion,
                model,
                limit);
    }

    /** Every promotion still gating or awaiting an admin's decision, oldest first. */
    public List<Promotion> undecidedPromotions() {
        return jdbc.query(
                PROMOTION + " WHERE status IN (?, ?) ORDER BY requested_at, id",
                ModelRegistryRepository::promotion,
                Promotion.GATING,
                Promotion.AWAITING_APPROVAL);
    }

    // ---- rows ----------------------------------------------------------------------------------

    private static final String PROMOTION = """
            SELECT id, model, version, baseline, status, tolerance, gate, requested_by, requested_at,
                   decided_by, decided_role, decision_comment, decided_at
            FROM model_promotions""";

    private static void lock(Connection c, String model) throws SQLException {
        Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext('model_registry:' || ?))", rs -> 0, model);
    }

    private static void moveAlias(
            Connection c,
            String model,
            String alias,
            int to,
            String action,
            String actor,
            String comment,
            String promotionId)
            throws SQLException {
        Integer from = Jdbc.queryOne(
                        c,
                        "SELECT version FROM model_aliases WHERE model = ? AND alias = ?",
                        rs -> rs.getInt(1),
                        model,
                        alias)
                .orElse(null);
        Jdbc.exec(c, """
                INSERT INTO model_aliases (model, alias, version) VALUES (?, ?, ?)
                ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = now()""", model, alias, to);
        Jdbc.exec(c, """
                INSERT INTO model_alias_history (model, alias, from_version, to_version, action, actor, comment, promotion_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", model, alias, from, to, action, actor, comment, promotionId);
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        return new ModelVersion(
                rs.getString("model"),
                rs.getInt("version"),
                strip(rs.getString("checkpoint_digest")),
                rs.getString("checkpoint_kind"),
                strip(rs.getString("report_card_digest")),
                strip(rs.getString("tokenizer_digest")),
                strip(rs.getString("labels_digest")),
                (UUID) rs.getObject("stage_run_id"),
                rs.getString("pipeline_run_id"),
                rs.getString("registered_by"),
                Jdbc.instant(rs, "registered_at"));
    }

    private static AliasMove move(ResultSet rs) throws SQLException {
        return new AliasMove(
                rs.getLong("id"),
                rs.getString("model"),
                rs.getString("alias"),
                (Integer) rs.getObject("from_version"),
                rs.getInt("to_version"),
                rs.getString("action"),
                rs.getString("actor"),
                rs.getString("comment"),
                rs.getString("promotion_id"),
                Jdbc.instant(rs, "at"));
    }

    private static Promotion promotion(ResultSet rs) throws SQLException {
        return new Promotion(
                rs.getString("id"),
                rs.getString("model"),
                rs.getInt("version"),
                (Integer) rs.getObject("baseline"),
                rs.getString("status"),
                rs.getDouble("tolerance"),
                Json.readMap(rs.getString("gate")),
                rs.getString("requested_by"),
                Jdbc.instant(rs, "requested_at"),
                rs.getString("decided_by"),
                rs.getString("decided_role"),
                rs.getString("decision_comment"),
                Jdbc.instant(rs, "decided_at"));
    }

    /** char(64) columns come back padded only when shorter; digests never are, but null stays null. */
    private static String strip(String digest) {
        return digest == null ? null : digest.strip();
    }
}
