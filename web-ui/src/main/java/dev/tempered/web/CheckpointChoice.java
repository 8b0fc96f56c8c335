package dev.tempered.web;

import dev.tempered.storage.ArtifactProducer;
import dev.tempered.storage.ArtifactRecord;
import io.javalin.http.BadRequestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One option of a model picker (the playground's, the Chat page's): a checkpoint, how it reads
 * ("55f48207ef43 · step 200 · loss 3.912 · …"), whether picked.
 */
public record CheckpointChoice(String digest, String label, boolean selected) {

    /**
     * The picker's options: the {@code recent} checkpoints that {@code keep} accepts, at most
     * {@code limit}, newest first, with {@code model} selected; a {@code model} from the URL that is
     * not among them (older than the list, or unknown: the stream will say so) still shows, first.
     *
     * @param model a full digest (resolved from a prefix by {@link PathParams#digestField}), or null
     */
    static List<CheckpointChoice> of(
            List<ArtifactRecord> recent,
            Predicate<ArtifactRecord> keep,
            int limit,
            String model,
            dev.tempered.storage.LineageStore lineage) {
        List<ArtifactRecord> kept = recent.stream().filter(keep).limit(limit).toList();
        // One statement for every option: which run and pipeline wrote each checkpoint.
        Map<String, ArtifactProducer> producers =
                lineage.producers(kept.stream().map(ArtifactRecord::digest).toList());
        List<CheckpointChoice> choices = new ArrayList<>();
        boolean listed = false;
        for (ArtifactRecord a : kept) {
            boolean selected = a.digest().equals(model);
            listed |= selected;
            choices.add(new CheckpointChoice(a.digest(), label(a, producers.get(a.digest())), selected));
        }
        if (model != null && !model.isEmpty() && !listed)
            choices.add(0, new CheckpointChoice(model, Views.shortDigest(model), true));
        return choices;
    }

    /**
     * The {@code model} field of a stream request: a full digest or a unique prefix of one.
     *
     * @param what what the digest must name, for the error ({@code a chat checkpoint})
     * @throws BadRequestResponse when it is missing, malformed or ambiguous (404 when unknown)
     */
    static String requireModel(io.javalin.http.Context ctx, String what, dev.tempered.storage.LineageStore lineage) {
        String model = PathParams.digestField(ctx, "model", lineage);
        if (model == null) {
            throw new BadRequestResponse("query parameter model is required: " + what
                    + " digest (64 lower-case hex characters of sha256, or a unique prefix of one)");
        }
        return model;
    }

    /**
     * "55f48207ef43 · step 200 · loss 3.912 · demo / run demo-20261128-0c447d (sft) · 2026-…": the
     * pipeline and run tell checkpoints of different runs apart where digests alone do not.
     *
     * @param producer the stage run that wrote it, or null when none did (an upload)
     */
    static String label(ArtifactRecord a, ArtifactProducer producer) {
        StringBuilder s = new StringBuilder(Views.shortDigest(a.digest()));
        Object step = a.metadata().get("step");
        Object loss = a.metadata().get("loss");
        if (step != null) s.append(" · step ").append(Views.scalar(step));
        if (loss instanceof Number n) s.append(String.format(Locale.ROOT, " · loss %.3f", n.doubleValue()));
        if (producer != null) {
            s.append(" · ")
                    .append(producer.pipeline())
                    .append(" / run ")
                    .append(producer.pipelineRunId())
                    .append(" (")
                    .append(producer.stage())
                    .append(')');
        }
        s.append(" · ").append(Views.time(a.createdAt()));
        return s.toString();
    }
}
