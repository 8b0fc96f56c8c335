package dev.tempered.activities.chat.facts;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.sft.stage.SftActivities;
import dev.tempered.activities.chat.sft.stage.SftActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.workflows.StageRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real models for the fact tests: the {@link TinyBase} model (it knows no fact of any encyclopedia)
 * and fine-tunes of it on given conversations through the {@code sft} activity.
 */
public final class FactModels {
    /** Attributes whose values are invented words, so that no guess from web text can be right by chance. */
    public static final Set<String> INVENTED_VALUES = Set.of("birthplace", "country", "river", "maker");

    private static FactModels instance;

    public final ArtifactPublisher publisher;
    public final String tokenizer;
    public final String base;

    private FactModels() {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        tokenizer = tiny.tokenizer;
        base = tiny.base;
    }

    public static synchronized FactModels get() {
        if (instance == null) instance = new FactModels();
        return instance;
    }

    /** The base model fine-tuned on {@code conversations} until it knows them by heart (a 64-wide model needs many passes). */
    public String taught(List<Conversation> conversations, int steps) {
        Map<String, Object> sft = StageRegistry.get("sft", "test")
                .normalize(
                        Map.of(
                                "steps",
                                steps,
                                "batch_size",
                                8,
                                "warmup_steps",
                                10,
                                "learning_rate",
                                5e-3,
                                "checkpoint_every",
                                steps,
                                "eval_every",
                                steps,
                                "eval_fraction",
                                0.0),
                        "test.params");
        return activity(new SftActivitiesImpl(publisher), SftActivities.class)
                .sft(new StageRequest(
                        null,
                        Map.of("model", base, "conversations", conversations(conversations), "tokenizer", tokenizer),
                        sft))
                .primary();
    }

    /** Publishes {@code list} as a conversations artifact. */
    public String conversations(List<Conversation> list) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ConversationFile.write(list, bytes);
            return publisher
                    .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                    .digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes an encyclopedia. */
    public String publish(Encyclopedia e) {
        try {
            return publisher
                    .publish(e.toJson(), Encyclopedia.KIND, Encyclopedia.MEDIA_TYPE, Map.of())
                    .digest();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A stub of {@code type} served by {@code implementation} in a test activity environment. */
    public static <T> T activity(Object implementation, Class<T> type) {
        return TinyBase.activity(implementation, type);
    }
}
