package dev.tempered.activities.chat.sft.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sft} stage's summary, shown on the dashboard and read by tests under these snake_case
 * keys, in this order.
 *
 * @param baseModel the checkpoint SFT started from
 * @param tokenizer the tokenizer digest (recorded in every chat checkpoint)
 * @param renderVersion the chat template version the conversations were rendered with
 * @param conversationsValid valid lines of the conversations artifact
 * @param conversationsInvalid invalid lines, excluded, by reason code
 * @param invalidExamples the first invalid lines as {@code source:line: field: problem}
 * @param cutAtTurn conversations cut after the last assistant turn that fits the context
 * @param cutMidTurn conversations cut inside their first exchange
 * @param untrainable conversations dropped because nothing trained was left after cutting
 * @param trainConversations conversations trained on
 * @param valConversations conversations held out for val_loss
 * @param windowsPerEpoch packed windows in the first epoch
 * @param trainTokens tokens of the training conversations (padding not counted)
 * @param maskedTokens of those, the tokens the loss is over (assistant replies and tool calls)
 * @param steps updates the run was to reach
 * @param epochs passes over the training windows those steps make
 * @param resumedFromStep the checkpoint step this attempt resumed from, 0 when it started fresh
 * @param attempt Temporal's attempt number of the activity
 * @param finalLoss the last training loss of this attempt (4 decimals); null when it had no step to take
 * @param finalValLoss the last validation loss (4 decimals); null without validation conversations
 * @param tokensPerS training throughput of this attempt's steps (padding included), null when it took none
 * @param device the {@code device} param
 * @param engineThreads libtorch's intra-op threads in this worker
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SftSummary(
        String baseModel,
        String tokenizer,
        int renderVersion,
        long conversationsValid,
        Map<String, Long> conversationsInvalid,
        java.util.List<String> invalidExamples,
        int cutAtTurn,
        int cutMidTurn,
        int untrainable,
        int trainConversations,
        int valConversations,
        int windowsPerEpoch,
        long trainTokens,
        long maskedTokens,
        int steps,
        double epochs,
        long resumedFromStep,
        int attempt,
        Double finalLoss,
        Double finalValLoss,
        Long tokensPerS,
        String device,
        int engineThreads) {

    /** Keeps declaration order (the dashboard shows keys as they come) and nulls (a null says "none"). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** The summary as {@link dev.tempered.workflows.StageResult} carries it. */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, MAP);
    }

    /** Four decimals, or null for NaN (the loop's "no value"). */
    static Double roundOrNull(double v) {
        if (Double.isNaN(v)) return null;
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : v;
    }
}
