package dev.tempered.storage.registry;

import java.time.Instant;
import java.util.Map;

/**
 * One promotion request of a model version to {@code production}, with the gate's verdict and
 * the admin's decision.
 *
 * @param id the promotion workflow's id
 * @param baseline the production version the gate compared against; null when there was none
 * @param status {@code gating}, {@code refused}, {@code awaiting-approval}, {@code rejected},
 *     {@code promoted} or {@code failed}
 * @param tolerance how much worse than production a metric may be, in the metric's own units
 * @param gate the gate's comparison as JSON (metrics, the failing one)
 */
public record Promotion(
        String id,
        String model,
        int version,
        Integer baseline,
        String status,
        double tolerance,
        Map<String, Object> gate,
        String requestedBy,
        Instant requestedAt,
        String decidedBy,
        String decidedRole,
        String decisionComment,
        Instant decidedAt) {

    public static final String GATING = "gating";
    public static final String REFUSED = "refused";
    public static final String AWAITING_APPROVAL = "awaiting-approval";
    public static final String REJECTED = "rejected";
    public static final String PROMOTED = "promoted";
    public static final String FAILED = "failed";

    public Promotion {
        gate = Map.copyOf(gate);
    }
}
