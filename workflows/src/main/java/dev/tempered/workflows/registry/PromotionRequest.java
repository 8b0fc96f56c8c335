package dev.tempered.workflows.registry;

/**
 * A request to make one model version {@code production}.
 *
 * @param promotionId the promotion's id, also the workflow id
 * @param model the model's name
 * @param version the version to promote
 * @param tolerance how much worse than production's any report-card metric may be, in that
 *     metric's own units (accuracies and rates are fractions, losses nats or bits), 0 or more
 * @param requestedBy who asked
 */
public record PromotionRequest(String promotionId, String model, int version, double tolerance, String requestedBy) {
    /** Two points of accuracy or rate, 0.02 nats of loss: noise between evaluations of the same model. */
    public static final double DEFAULT_TOLERANCE = 0.02;

    public PromotionRequest {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("promotion tolerance is " + tolerance + "; give a finite number >= 0");
        }
        if (version < 1) throw new IllegalArgumentException("model version is " + version + "; versions start at 1");
    }
}
