package dev.tempered.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code probe-results} artifact ({@code tempered.probe-results/v1}, written by the {@code probe}
 * stage) as the dashboard shows it: the model asked each fact question {@code samples} times, each
 * answer judged, the question classified and, for known and unknown questions, the reply mined
 * into the next SFT round. Read leniently like {@link ReportCardView}: unknown fields are ignored
 * and a missing number stays null ("—"). Filtering and paging are {@link ProbePageView}'s job.
 *
 * @param settings the sampling settings as written (samples, min_correct, temperature, ...)
 */
public record ProbeResultsView(
        String digest,
        String format,
        String model,
        String tokenizer,
        String questions,
        Map<String, Object> settings,
        Counts counts,
        List<Item> items) {

    public static final String KIND = "probe-results";
    public static final String FORMAT = "tempered.probe-results/v1";

    /** The three classifications, in the order pages list them. */
    public static final List<String> CLASSIFICATIONS = List.of("known", "unknown", "unstable");

    /** The three verdicts, in the order pages list them. */
    public static final List<String> VERDICTS = List.of("correct", "wrong", "refused");

    /** The stage's own tally; every field may be null when an older or newer writer left it out. */
    public record Counts(
            Long questions, Long known, Long unknown, Long unstable, Long minedRefusals, Long minedAnswers) {}

    /** One sampled answer and its verdict ({@code correct}, {@code wrong} or {@code refused}). */
    public record Answer(String text, String verdict) {}

    /**
     * One probed question.
     *
     * @param mined what the question taught the next SFT round: "refusal", "answer" or null (unstable
     *     questions mine nothing)
     * @param minedReply the reply the mined SFT example teaches, null when nothing was mined
     */
    public record Item(
            String id,
            String entity,
            String attribute,
            String question,
            String reference,
            List<Answer> answers,
            Long correct,
            Long refused,
            Long wrong,
            String classification,
            String mined,
            String minedReply) {

        /** True when at least one of the answers got this verdict. */
        public boolean hasVerdict(String verdict) {
            for (Answer a : answers) if (verdict.equals(a.verdict())) return true;
            return false;
        }
    }

    /**
     * Parses the artifact's bytes.
     *
     * @throws IllegalArgumentException naming the artifact when the bytes are not a JSON object of
     *     this format
     */
    public static ProbeResultsView parse(String digest, byte[] json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("probe results " + digest + " are not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("probe results " + digest + " are not a JSON object");
        }
        String format = text(n, "format");
        if (format != null && !format.startsWith("tempered.probe-results/")) {
            throw new IllegalArgumentException("artifact " + digest + " has format '" + format + "', not " + FORMAT
                    + "; it holds no probe results");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        n.path("settings")
                .fields()
                .forEachRemaining(f -> settings.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class)));
        JsonNode c = n.path("counts");
        Counts counts = new Counts(
                integer(c, "questions"),
                integer(c, "known"),
                integer(c, "unknown"),
                integer(c, "unstable"),
                integer(c, "mined_refusals"),
                integer(c, "mined_answers"));
        List<Item> items = new ArrayList<>();
        for (JsonNode i : n.path("items")) {
            List<Answer> answers = new ArrayList<>();
            for (JsonNode a : i.path("answers")) answers.add(new Answer(text(a, "text"), text(a, "verdict")));
            items.add(new Item(
                    text(i, "id"),
                    text(i, "entity"),
                    text(i, "attribute"),
                    text(i, "question"),
                    text(i, "reference"),
                    answers,
                    integer(i, "correct"),
                    integer(i, "refused"),
                    integer(i, "wrong"),
                    text(i, "classification"),
                    text(i, "mined"),
                    text(i, "mined_reply")));
        }
        return new ProbeResultsView(
                digest,
                format,
                text(n, "model"),
                text(n, "tokenizer"),
                text(n, "questions"),
                settings,
                counts,
                List.copyOf(items));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }
}
