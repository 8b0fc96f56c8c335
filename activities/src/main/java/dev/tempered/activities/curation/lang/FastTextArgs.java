package dev.tempered.activities.curation.lang;

/**
 * The training arguments a fastText model file starts with (after magic and version), in file
 * order. Only {@link #dim}, {@link #wordNgrams}, {@link #loss}, {@link #model}, {@link #bucket},
 * {@link #minn} and {@link #maxn} matter for prediction; the rest are kept so a model can be
 * described completely. The label prefix is not stored in the file: fastText always uses
 * {@code __label__} when loading.
 */
public record FastTextArgs(
        int dim,
        int ws,
        int epoch,
        int minCount,
        int neg,
        int wordNgrams,
        int loss,
        int model,
        int bucket,
        int minn,
        int maxn,
        int lrUpdateRate,
        double samplingThreshold) {
    /** fastText's {@code loss_name} enum values. */
    public static final int LOSS_HS = 1, LOSS_NS = 2, LOSS_SOFTMAX = 3, LOSS_OVA = 4;
    /** fastText's {@code model_name} enum value for a supervised classifier. */
    public static final int MODEL_SUPERVISED = 3;

    static FastTextArgs read(ModelReader in) {
        int at = in.position();
        FastTextArgs a = new FastTextArgs(
                in.readInt("args.dim"),
                in.readInt("args.ws"),
                in.readInt("args.epoch"),
                in.readInt("args.minCount"),
                in.readInt("args.neg"),
                in.readInt("args.wordNgrams"),
                in.readInt("args.loss"),
                in.readInt("args.model"),
                in.readInt("args.bucket"),
                in.readInt("args.minn"),
                in.readInt("args.maxn"),
                in.readInt("args.lrUpdateRate"),
                in.readDouble("args.t"));
        if (a.dim <= 0 || a.dim > 100_000)
            throw new ModelFormatException("args.dim is " + a.dim + ", expected 1..100000", at);
        if (a.bucket < 0) throw new ModelFormatException("args.bucket is negative: " + a.bucket, at + 32);
        if (a.minn < 0 || a.maxn < 0 || a.maxn > 64) {
            throw new ModelFormatException("args.minn/maxn are " + a.minn + "/" + a.maxn + ", expected 0..64", at + 36);
        }
        return a;
    }
}
