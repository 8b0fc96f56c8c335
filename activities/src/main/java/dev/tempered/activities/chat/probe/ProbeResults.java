package dev.tempered.activities.chat.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tempered.activities.chat.facts.Verdict;
import java.util.List;

/**
 * The {@code probe-results} artifact: every question with its k judged answers, its class and what
 * was mined from it. The dashboard's probe page renders exactly these snake_case names.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProbeResults(
        String format,
        String model,
        String tokenizer,
        String questions,
        Settings settings,
        Counts counts,
        List<Item> items) {
    public static final String FORMAT = "tempered.probe-results/v1";
    public static final String KIND = "probe-results";
    public static final String MEDIA_TYPE = "application/json";

    public ProbeResults {
        items = List.copyOf(items);
    }

    /** What a question turned out to be. */
    public enum Classification {
        /** At least {@code min_correct} of the k answers right. */
        KNOWN,
        /** No answer right. */
        UNKNOWN,
        /** Some right, fewer than {@code min_correct}: neither taught to refuse nor to answer. */
        UNSTABLE;

        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What was added to the mined conversations for a question. */
    public enum Mined {
        /** A refusal in one of the templates' wordings. */
        REFUSAL,
        /** The reference answer, so that the model does not learn to refuse everything. */
        ANSWER;

        @JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(
            int samples, int minCorrect, double temperature, int topK, double topP, int maxTokens, long seed) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counts(int questions, int known, int unknown, int unstable, int minedRefusals, int minedAnswers) {}

    /** One answer as stored. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Answer(String text, Verdict verdict) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(
            String id,
            String entity,
            String attribute,
            String question,
            String reference,
            List<Answer> answers,
            int correct,
            int refused,
            int wrong,
            Classification classification,
            Mined mined,
            String minedReply) {
        public Item {
            answers = List.copyOf(answers);
        }
    }
}
