package dev.tempered.activities.chat.facts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/**
 * The report card's hallucination section: how a model answers held-out fact questions, by how
 * often the pretraining text mentioned the entity asked about.
 *
 * @param questions held-out fact questions asked, one reply each
 * @param hallucinationRate wrong answers over the questions the model cannot know (the entity was
 *     never mentioned) or did not answer correctly; a model that says "I don't know" whenever it
 *     does not know scores 0
 * @param knownMentions an entity mentioned at least this often is one the model had every chance to learn
 * @param knownQuestions questions about such entities
 * @param knownAccuracy correct answers among those; null when there are none
 * @param overRefusal refusals among those: "I don't know" to what it should know; null when there are none
 * @param byMentions the verdicts per bucket of mentions: 0, 1, 2-3, 4-7, 8+
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FactReport(
        int questions,
        int correct,
        int wrong,
        int refused,
        Double hallucinationRate,
        int knownMentions,
        int knownQuestions,
        Double knownAccuracy,
        Double overRefusal,
        List<Bucket> byMentions) {
    public FactReport {
        byMentions = List.copyOf(byMentions);
    }

    /** Verdict counts for the questions about entities with a number of mentions in a range. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bucket(String mentions, int questions, int correct, int wrong, int refused) {}

    /** The buckets' lower bounds and labels. */
    static final int[] BUCKET_FROM = {0, 1, 2, 4, 8};

    static final String[] BUCKET_LABEL = {"0", "1", "2-3", "4-7", "8+"};

    /** One judged question: how often its entity was mentioned and the verdict on the reply. */
    public record Judged(int mentions, Verdict verdict) {}

    /** The section for {@code judged}; an entity with at least {@code knownMentions} mentions counts as known. */
    public static FactReport of(List<Judged> judged, int knownMentions) {
        int[][] b = new int[BUCKET_FROM.length][3];
        int correct = 0, wrong = 0, refused = 0, cannotKnow = 0, known = 0, knownCorrect = 0, knownRefused = 0;
        int wrongWhereUnknown = 0;
        for (Judged j : judged) {
            int bucket = 0;
            while (bucket + 1 < BUCKET_FROM.length && j.mentions() >= BUCKET_FROM[bucket + 1]) bucket++;
            b[bucket][j.verdict().ordinal()]++;
            switch (j.verdict()) {
                case CORRECT -> correct++;
                case WRONG -> wrong++;
                case REFUSED -> refused++;
            }
            // The denominator: questions it cannot know, and those it did not get right.
            if (j.mentions() == 0 || j.verdict() != Verdict.CORRECT) {
                cannotKnow++;
                if (j.verdict() == Verdict.WRONG) wrongWhereUnknown++;
            }
            if (j.mentions() >= knownMentions) {
                known++;
                if (j.verdict() == Verdict.CORRECT) knownCorrect++;
                if (j.verdict() == Verdict.REFUSED) knownRefused++;
            }
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKET_FROM.length; i++) {
            buckets.add(new Bucket(BUCKET_LABEL[i], b[i][0] + b[i][1] + b[i][2], b[i][0], b[i][1], b[i][2]));
        }
        return new FactReport(
                judged.size(),
                correct,
                wrong,
                refused,
                rate(wrongWhereUnknown, cannotKnow),
                knownMentions,
                known,
                rate(knownCorrect, known),
                rate(knownRefused, known),
                buckets);
    }

    private static Double rate(int n, int d) {
        return d == 0 ? null : Math.round(10_000.0 * n / d) / 10_000.0;
    }
}
