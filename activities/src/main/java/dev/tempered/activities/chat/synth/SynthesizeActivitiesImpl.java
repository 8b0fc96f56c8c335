package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.stage.StageParams;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Temporal adapter of {@code synthesize}: reads the params, runs the {@link Synthesizer} over the
 * enabled tasks (in {@link ChatTasks#NAMES} order whatever order the params list them in), and
 * stores the two splits as {@code conversations} artifacts whose metadata name the split, the seed
 * and each task's generator version and count. The files are built in memory: the demo's are
 * under a megabyte and the largest sensible run a few tens.
 */
public final class SynthesizeActivitiesImpl implements SynthesizeActivities {
    /** The format of the artifacts' metadata, for readers that check it. */
    public static final String METADATA_FORMAT = "tempered.synthesize/v1";

    private final ArtifactPublisher publisher;

    public SynthesizeActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult synthesizeConversations(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        SynthesizeParams p = StageParams.read(request, SynthesizeParams.class);
        List<ChatTask> tasks = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ChatTask t : ChatTasks.all()) {
            if (!p.tasks().contains(t.name())) continue;
            tasks.add(t);
            counts.put(t.name(), p.count(t.name()));
        }
        Synthesizer.Result result = new Synthesizer(ConversationValidator.defaults())
                .run(tasks, counts, p.seed(), p.heldoutFraction(), n -> ctx.heartbeat(Map.of("generated", n)));
        FactSynthesis facts =
                p.facts() == 0 ? null : FactSynthesis.of(p.encyclopedia(), p.seed(), ConversationValidator.defaults());
        List<Conversation> trainSet = new ArrayList<>(result.train());
        List<Conversation> heldoutSet = new ArrayList<>(result.heldout());
        if (facts != null) {
            trainSet.addAll(facts.train());
            // Mixed in with the other tasks, as the Synthesizer mixes them, by the same seed.
            Collections.shuffle(trainSet, new Random(p.seed()));
            heldoutSet.addAll(facts.heldout());
        }
        ArtifactRecord train = publish(trainSet, "train", result, facts, p);
        ArtifactRecord heldout = publish(heldoutSet, "heldout", result, facts, p);
        List<OutputRef> outputs = new ArrayList<>();
        outputs.add(new OutputRef("train", train.digest()));
        outputs.add(new OutputRef("heldout", heldout.digest()));
        if (facts != null)
            outputs.addAll(FactArtifacts.publish(publisher, facts, publish(facts.train(), "probe", result, facts, p)));
        Map<String, Object> summary =
                SynthesizeSummary.of(result, p.heldoutFraction(), p.seed()).toMap();
        summary.put("train", trainSet.size());
        summary.put("heldout", heldoutSet.size());
        if (facts != null) summary.put("facts", facts.summary());
        return new StageResult(train.digest(), outputs, summary);
    }

    private ArtifactRecord publish(
            List<Conversation> conversations,
            String split,
            Synthesizer.Result result,
            FactSynthesis facts,
            SynthesizeParams p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ConversationFile.write(conversations, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the " + split + " conversations failed", e);
        }
        Map<String, Object> tasks = new LinkedHashMap<>();
        result.tasks()
                .forEach((name, c) -> tasks.put(
                        name,
                        Map.of(
                                "version",
                                c.version(),
                                "count",
                                switch (split) {
                                    case "train" -> c.train();
                                    case "heldout" -> c.heldout();
                                    default -> 0;
                                })));
        if (facts != null) {
            int count = split.equals("heldout")
                    ? facts.heldout().size()
                    : facts.train().size();
            tasks.put(FactQuestions.TASK, Map.of("version", EncyclopediaGenerator.VERSION, "count", count));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", METADATA_FORMAT);
        metadata.put("split", split);
        metadata.put("conversations", conversations.size());
        metadata.put("seed", p.seed());
        metadata.put("heldout_fraction", p.heldoutFraction());
        metadata.put("tasks", tasks);
        try {
            return publisher.publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("storing the " + split + " conversations failed: " + e.getMessage(), e);
        }
    }
}
