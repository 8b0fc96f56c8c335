package dev.tempered.activities.registry;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.RegistryException;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.GateOutcome;
import dev.tempered.workflows.registry.PromotionActivities;
import dev.tempered.workflows.registry.PromotionRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The promotion workflow's steps over the registry tables and the report cards in storage. Each
 * step is idempotent (the repository's writes are), so a retried activity changes nothing twice.
 */
public final class PromotionActivitiesImpl implements PromotionActivities {
    private final ModelRegistryRepository registry;
    private final ArtifactStore store;

    public PromotionActivitiesImpl(LineageStore lineage, ArtifactStore store) {
        this.registry = lineage.modelRegistry();
        this.store = store;
    }

    @Override
    public GateOutcome gatePromotion(PromotionRequest r) {
        registry.startPromotion(r.promotionId(), r.model(), r.version(), r.tolerance(), r.requestedBy());
        ModelVersion candidate = registry.version(r.model(), r.version()).orElseThrow();
        ReportCardGate gate = new ReportCardGate(r.tolerance());
        Optional<ModelVersion> production = registry.byAlias(r.model(), Aliases.PRODUCTION);
        GateVerdict verdict;
        Integer baseline = production.map(ModelVersion::version).orElse(null);
        if (production.isEmpty()) {
            verdict = gate.withoutProduction();
        } else if (production.get().version() == candidate.version()) {
            throw new RegistryException(r.model() + " version " + r.version() + " is production already");
        } else {
            verdict = gate.compare(card(candidate), card(production.get()));
        }
        registry.recordGate(r.promotionId(), baseline, verdict.passed(), verdict.toMap());
        return new GateOutcome(verdict.passed(), baseline, verdict.message());
    }

    @Override
    public void recordPromotionDecision(String promotionId, ApprovalDecision d) {
        registry.recordDecision(promotionId, d.approve(), d.approver(), d.role(), d.comment());
    }

    @Override
    public int movePromotedAlias(String promotionId) {
        return registry.promote(promotionId).version();
    }

    private ReportCard card(ModelVersion v) {
        if (v.reportCard() == null) {
            throw new RegistryException(v.model() + " version " + v.version()
                    + " has no report card; run evaluate on checkpoint " + v.checkpoint() + " first");
        }
        try {
            return ReportCard.read(store.readAllBytes(v.reportCard()), "report card " + v.reportCard());
        } catch (InvalidStageInputException e) {
            throw new RegistryException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading report card " + v.reportCard() + ": " + e.getMessage(), e);
        }
    }
}
