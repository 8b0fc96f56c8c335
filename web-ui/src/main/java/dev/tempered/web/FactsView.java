package dev.tempered.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report card's {@code facts} section (hallucination control): how the model answered held-out
 * questions about fictional entities, greedy, with the three headline rates and the answers broken
 * down by how often pretraining text mentioned the entity. Rates may be null (no known-fact
 * questions); the card has no section at all when evaluate was not given the encyclopedia.
 *
 * @param hallucinationRate wrong answers over questions the model cannot know or got wrong
 * @param knownMentions the mention count from which an entity counts as known-documented
 * @param knownAccuracy correct over questions about known-documented entities
 * @param overRefusal refused over questions about known-documented entities
 */
public record FactsView(
        Long questions,
        Long correct,
        Long wrong,
        Long refused,
        Double hallucinationRate,
        Long knownMentions,
        Long knownQuestions,
        Double knownAccuracy,
        Double overRefusal,
        List<Bucket> byMentions) {

    /** One mentions bucket ({@code 0}, {@code 1}, {@code 2-3}, {@code 4-7}, {@code 8+}). */
    public record Bucket(String mentions, Long questions, Long correct, Long wrong, Long refused) {

        public Double correctShare() {
            return share(correct);
        }

        public Double wrongShare() {
            return share(wrong);
        }

        public Double refusedShare() {
            return share(refused);
        }

        /** The share as an SVG width out of 100, "0" when unknown, for the stacked bar. */
        public static String width(Double share) {
            return share == null ? "0" : String.format(Locale.ROOT, "%.2f", share * 100);
        }

        /** Where the refused segment starts in the stacked bar: after the correct and wrong ones. */
        public String refusedX() {
            Double c = correctShare();
            Double w = wrongShare();
            return width((c == null ? 0 : c) + (w == null ? 0 : w));
        }

        private Double share(Long n) {
            return n == null || questions == null || questions == 0 ? null : (double) n / questions;
        }
    }

    /** The section, or null when the card has none (no {@code facts} object). */
    static FactsView parse(JsonNode card) {
        JsonNode f = card.get("facts");
        if (f == null || !f.isObject()) return null;
        List<Bucket> buckets = new ArrayList<>();
        for (JsonNode b : f.path("by_mentions")) {
            JsonNode m = b.get("mentions");
            buckets.add(new Bucket(
                    m == null || m.isNull() ? null : m.asText(),
                    integer(b, "questions"),
                    integer(b, "correct"),
                    integer(b, "wrong"),
                    integer(b, "refused")));
        }
        return new FactsView(
                integer(f, "questions"),
                integer(f, "correct"),
                integer(f, "wrong"),
                integer(f, "refused"),
                number(f, "hallucination_rate"),
                integer(f, "known_mentions"),
                integer(f, "known_questions"),
                number(f, "known_accuracy"),
                number(f, "over_refusal"),
                List.copyOf(buckets));
    }

    /** The bucket with this label, or null. */
    public Bucket bucket(String mentions) {
        for (Bucket b : byMentions) if (mentions.equals(b.mentions())) return b;
        return null;
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }
}
