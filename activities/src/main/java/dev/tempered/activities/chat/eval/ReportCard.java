package dev.tempered.activities.chat.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.facts.FactReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate} found about one model checkpoint: per held-out task accuracy with and
 * without the calculator, format compliance and reply length, validation loss and bits per byte,
 * and a few example replies. Stored as the {@code report-card} artifact, JSON in
 * {@value #FORMAT}; the dashboard renders exactly these snake_case names, so renaming a field is a
 * new format version.
 *
 * @param model the checkpoint's digest
 * @param modelKind {@code base} or {@code chat}, from the checkpoint artifact's metadata
 * @param step the checkpoint's training step
 * @param tokenizer the tokenizer's digest
 * @param heldout the held-out conversations' digest
 * @param tokens the token manifest whose held-out tail gave the validation loss; null when none was given
 * @param seed the sampling seed (sample i of pass@k uses seed + i)
 * @param tasks one line per task, by task name
 * @param overall every scored reply of every task together
 * @param valLoss mean cross-entropy in nats per token on the held-out tokens; null without {@code tokens}
 * @param bitsPerByte the same loss per UTF-8 byte of text, in bits; null without {@code tokens}
 * @param examples the first few items of each task by id, with the model's first reply
 * @param facts how the model answers held-out fact questions (hallucination rate, known-fact
 *     accuracy, over-refusal); null when evaluate was given no fact encyclopedia
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportCard(
        String format,
        String model,
        String modelKind,
        long step,
        String tokenizer,
        String heldout,
        String tokens,
        long seed,
        Sampling sampling,
        List<TaskScore> tasks,
        Overall overall,
        Double valLoss,
        Double bitsPerByte,
        List<Example> examples,
        FactReport facts) {

    public static final String FORMAT = "tempered.report-card/v1";
    public static final String KIND = "report-card";
    public static final String MEDIA_TYPE = "application/json";

    /** Keeps declaration order and nulls: a null says "does not apply", and the dashboard shows keys as they come. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    public ReportCard {
        tasks = List.copyOf(tasks);
        examples = List.copyOf(examples);
    }

    /**
     * How replies were drawn.
     *
     * @param temperature 0 is greedy
     * @param topK 0 keeps every token
     * @param topP 1 keeps every token
     * @param maxTokens new tokens per reply at most, forced tool outputs included
     * @param samples replies per item (k of pass@k)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sampling(double temperature, int topK, double topP, int maxTokens, int samples) {}

    /**
     * One task's scores on its held-out items.
     *
     * @param items items scored
     * @param checkable the task has an exact answer to check (dialog has none)
     * @param accuracy mean exact-match over items and samples (pass@1); null when not checkable
     * @param accuracyWithoutTool the same with the calculator disabled; null when the task's ideal
     *     replies call no tool or it is not checkable
     * @param passAtK share of items with at least one correct reply among the k samples; null when
     *     k is 1 or the task is not checkable
     * @param formatCompliance share of replies that end with {@code <|assistant_end|>} and whose
     *     tool calls are all closed
     * @param toolCallRate share of replies that call the tool at least once
     * @param meanReplyTokens reply length in tokens, forced tool outputs and the end token included
     * @param commonestAnswerRate share of the items whose right answer is the commonest right answer
     *     among them: the accuracy of a model that gives that answer every time, which {@code accuracy}
     *     must beat to mean anything (letter counting's answer is 1 for most words); null when the
     *     task's ideal replies state no final answer
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaskScore(
            String task,
            int items,
            boolean checkable,
            Double accuracy,
            Double accuracyWithoutTool,
            Double passAtK,
            double formatCompliance,
            double toolCallRate,
            double meanReplyTokens,
            Double commonestAnswerRate) {}

    /** Every task together: items scored, and format compliance and reply length over all their replies. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Overall(int items, double formatCompliance, double meanReplyTokens) {}

    /**
     * One item and the model's reply to it.
     *
     * @param prompt the item's last user message
     * @param reply the reply's text parts
     * @param toolCalls the calls the reply made and what the tool answered
     * @param correct null when the task has no exact answer
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Example(String task, String prompt, String reply, List<ToolUse> toolCalls, Boolean correct) {
        public Example {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** A calculator call and its output (null when the reply ended before the output came). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ToolUse(String input, String output) {}

    /** The card as a JSON-ready map, keys in declaration order. */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, MAP);
    }

    public byte[] toJsonBytes() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a report card always serialises", e);
        }
    }

    /**
     * Reads a card written by {@link #toJsonBytes}.
     *
     * @param source names the artifact in errors
     * @throws InvalidStageInputException when the bytes are not a {@value #FORMAT} card
     */
    public static ReportCard read(byte[] json, String source) {
        try {
            JsonNode tree = JSON.readTree(json);
            String format = tree.path("format").asText(null);
            // The format first: another artifact's JSON would otherwise fail on some missing field.
            if (!FORMAT.equals(format)) {
                throw new InvalidStageInputException(
                        source + ": format is '" + format + "', expected '" + FORMAT + "'");
            }
            return JSON.treeToValue(tree, ReportCard.class);
        } catch (IOException e) {
            throw new InvalidStageInputException(
                    source + " is not a report card (" + FORMAT + "): " + e.getMessage(), e);
        }
    }
}
