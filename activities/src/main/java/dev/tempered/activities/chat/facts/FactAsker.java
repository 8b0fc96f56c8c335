package dev.tempered.activities.chat.facts;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.eval.ReplyGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Puts fact questions to a model: each question {@code samples} times, in batches of rows with
 * prompts of similar length, without tools (a fact is not something to compute). Each row's seed is
 * a function of the run's seed, the question's id and the sample number only, so a question gets the
 * same answers whatever batch it lands in and however often a batch is retried.
 */
public final class FactAsker {
    /**
     * @param samples answers per question
     * @param temperature 0 is greedy
     * @param topK 0 keeps every token
     * @param topP 1 keeps every token
     * @param maxTokens new tokens per answer at most
     * @param seed the run's sampling seed
     * @param batchSize rows per generation call
     */
    public record Settings(
            int samples, double temperature, int topK, double topP, int maxTokens, long seed, int batchSize) {
        public Settings {
            if (samples < 1) throw new IllegalArgumentException("samples must be ≥ 1, is " + samples);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, is " + batchSize);
        }
    }

    /**
     * The answers to one question, in sample order.
     *
     * @param texts each reply's text parts, stripped
     * @param wellFormed how many replies ended with {@code <|assistant_end|>} and were well formed
     * @param tokens tokens of all the replies together
     */
    public record Answers(Conversation question, List<String> texts, int wellFormed, long tokens) {}

    private final ReplyGenerator generator;
    private final ChatRenderer renderer;
    private final int contextLength;

    public FactAsker(ReplyGenerator generator, ChatRenderer renderer, int contextLength) {
        this.generator = generator;
        this.renderer = renderer;
        this.contextLength = contextLength;
    }

    /**
     * Answers to every question of {@code questions}, in their order.
     *
     * @param afterBatch hears (batches done, batches in all) after each generation call
     */
    public List<Answers> ask(List<Conversation> questions, Settings s, BiConsumer<Integer, Integer> afterBatch) {
        record Row(int question, int sample, int[] prompt, long seed) {}
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < questions.size(); q++) {
            Conversation c = questions.get(q);
            int[] prompt = renderer.renderPrompt(c.withoutLast());
            if (prompt.length >= contextLength) {
                throw new IllegalArgumentException("question " + c.id() + " takes " + prompt.length
                        + " tokens, the whole context of " + contextLength);
            }
            for (int k = 0; k < s.samples(); k++) rows.add(new Row(q, k, prompt, rowSeed(s.seed(), c.id(), k)));
        }
        rows.sort(Comparator.comparingInt((Row r) -> r.prompt().length).thenComparingInt(Row::question));
        String[][] texts = new String[questions.size()][s.samples()];
        int[] wellFormed = new int[questions.size()];
        long[] tokens = new long[questions.size()];
        EngineSettings engine = new EngineSettings(s.maxTokens(), s.temperature(), s.topK(), s.topP(), false, 0);
        int batches = (rows.size() + s.batchSize() - 1) / s.batchSize();
        for (int from = 0, done = 0; from < rows.size(); from += s.batchSize()) {
            List<Row> batch = rows.subList(from, Math.min(rows.size(), from + s.batchSize()));
            List<GenerationRequest> requests = new ArrayList<>(batch.size());
            for (Row r : batch) requests.add(new GenerationRequest(r.prompt(), r.seed()));
            List<Generation> out = generator.generate(requests, engine, GenerationListener.NONE);
            if (out.size() != batch.size()) {
                throw new IllegalStateException(batch.size() + " rows asked, " + out.size() + " generated");
            }
            for (int j = 0; j < batch.size(); j++) {
                Row r = batch.get(j);
                ChatRenderer.AssistantReply reply =
                        renderer.parseReply(out.get(j).tokens());
                texts[r.question()][r.sample()] = reply.text().strip();
                if (reply.ended() && reply.wellFormed()) wellFormed[r.question()]++;
                tokens[r.question()] += out.get(j).tokens().length;
            }
            afterBatch.accept(++done, batches);
        }
        List<Answers> result = new ArrayList<>(questions.size());
        for (int q = 0; q < questions.size(); q++)
            result.add(new Answers(questions.get(q), List.of(texts[q]), wellFormed[q], tokens[q]));
        return result;
    }

    /** SplitMix64 of the seed, the id and the sample: unrelated streams for neighbouring questions. */
    static long rowSeed(long seed, String id, int sample) {
        long z = seed * 0x9E3779B97F4A7C15L + id.hashCode() * 0xBF58476D1CE4E5B9L + sample;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
