package dev.tempered.activities.chat.eval;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.FinalAnswer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a model's replies to held-out conversations, task by task. Each item's prompt is the
 * conversation without its ideal reply, rendered up to {@code <|assistant_start|>}; the model's reply
 * is generated in batches, parsed, and checked by the item's {@link ChatTask}. Every item is asked
 * {@code samples} times (sample i with seed + i); a task whose ideal replies call the calculator is
 * asked once more per sample with the tool disabled, which says how much of its accuracy the tool
 * brings.
 *
 * <p>Not here: reading artifacts, the model and its device (the caller's {@link ReplyGenerator}),
 * validation loss ({@link HeldOutTextLoss}).
 */
public final class ChatEvaluator {
    /** Tool calls per reply: the engine's default bound, which every synthetic task's ideal reply stays under. */
    static final int MAX_TOOL_CALLS = EngineSettings.greedy(1).maxToolCalls();

    /**
     * @param maxTokens new tokens per reply at most, forced tool outputs included
     * @param temperature 0 is greedy
     * @param topK 0 keeps every token
     * @param topP 1 keeps every token
     * @param samples replies per item: k of pass@k
     * @param seed sample i draws with seed + i
     * @param batchSize rows per generation call
     * @param examplesPerTask items per task shown in the card with their reply
     */
    public record Settings(
            int maxTokens,
            double temperature,
            int topK,
            double topP,
            int samples,
            long seed,
            int batchSize,
            int examplesPerTask) {
        public Settings {
            if (samples < 1) throw new IllegalArgumentException("samples must be ≥ 1, got " + samples);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
            if (examplesPerTask < 0) throw new IllegalArgumentException("examplesPerTask must be ≥ 0");
        }

        /** The engine's settings for one run, with its own bound on tool calls per reply. */
        EngineSettings engine(boolean tools) {
            return new EngineSettings(maxTokens, temperature, topK, topP, tools, MAX_TOOL_CALLS);
        }

        public ReportCard.Sampling sampling() {
            return new ReportCard.Sampling(temperature, topK, topP, maxTokens, samples);
        }
    }

    /**
     * @param tasks one score line per task, in task-name order
     * @param overall all tasks together
     * @param examples the first items of each task with their first reply
     * @param promptsTooLong items left out because their prompt fills the model's whole context
     * @param uncheckedTasks tasks no {@link ChatTask} in the registry knows (scored for format only)
     * @param replies replies generated, every pass included
     * @param replyTokens tokens of those replies
     */
    public record Result(
            List<ReportCard.TaskScore> tasks,
            ReportCard.Overall overall,
            List<ReportCard.Example> examples,
            int promptsTooLong,
            List<String> uncheckedTasks,
            long replies,
            long replyTokens) {}

    /** Hears each finished generation batch: how many are done of how many in all. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void batchDone(int done, int total);
    }

    private final ReplyGenerator generator;
    private final ChatRenderer renderer;
    private final Map<String, ChatTask> tasks;
    private final int contextLength;

    /**
     * @param tasks the checkers by task name ({@code ChatTasks.byName()}); items of other tasks are
     *     scored for format and length only
     * @param contextLength the model's context: a prompt must leave room for at least one new token
     */
    public ChatEvaluator(
            ReplyGenerator generator, ChatRenderer renderer, Map<String, ChatTask> tasks, int contextLength) {
        this.generator = generator;
        this.renderer = renderer;
        this.tasks = tasks;
        this.contextLength = contextLength;
    }

    /** One held-out item with what it needs to be asked and checked. */
    private record Item(String task, Conversation conversation, int[] prompt, ChatTask checker, boolean toolTask) {}

    /** One reply, read back and checked. */
    private record Reply(Generation generation, AssistantReply parsed, Boolean correct) {
        boolean formatOk() {
            return parsed.ended() && parsed.wellFormed();
        }
    }

    /** Asks every item of {@code byTask} and scores the replies. */
    public Result evaluate(Map<String, List<Conversation>> byTask, Settings s, Progress progress) {
        List<Item> items = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        int tooLong = 0;
        for (Map.Entry<String, List<Conversation>> e : byTask.entrySet()) {
            Optional<ChatTask> checker = Optional.ofNullable(tasks.get(e.getKey()));
            if (checker.isEmpty()) unchecked.add(e.getKey());
            boolean toolTask = e.getValue().stream().anyMatch(ChatEvaluator::idealReplyCallsTool);
            for (Conversation c : e.getValue()) {
                int[] prompt = renderer.renderPrompt(c.withoutLast());
                if (prompt.length >= contextLength) {
                    tooLong++;
                    continue;
                }
                items.add(new Item(e.getKey(), c, prompt, checker.orElse(null), toolTask));
            }
        }

        List<Integer> all = range(items.size());
        List<Integer> toolItems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) if (items.get(i).toolTask()) toolItems.add(i);
        int batchesPerPass = batches(all.size(), s.batchSize());
        int total = s.samples() * (batchesPerPass + batches(toolItems.size(), s.batchSize()));
        int[] done = {0};
        Runnable afterBatch = () -> progress.batchDone(++done[0], total);

        Reply[][] withTool = new Reply[items.size()][s.samples()];
        Reply[][] withoutTool = new Reply[items.size()][s.samples()];
        for (int k = 0; k < s.samples(); k++) {
            run(items, all, s, k, true, withTool, afterBatch);
            run(items, toolItems, s, k, false, withoutTool, afterBatch);
        }
        return score(items, withTool, withoutTool, s, tooLong, unchecked);
    }

    /** Generates sample {@code k} of the items at {@code indices}, shortest prompts together. */
    private void run(
            List<Item> items,
            List<Integer> indices,
            Settings s,
            int k,
            boolean tools,
            Reply[][] out,
            Runnable afterBatch) {
        List<Integer> order = new ArrayList<>(indices);
        // Rows of similar length share a batch, so little of each batch is padding.
        order.sort(Comparator.comparingInt(i -> items.get(i).prompt().length));
        EngineSettings engine = s.engine(tools);
        for (int from = 0; from < order.size(); from += s.batchSize()) {
            List<Integer> batch = order.subList(from, Math.min(order.size(), from + s.batchSize()));
            List<GenerationRequest> rows = new ArrayList<>();
            for (int i : batch) rows.add(new GenerationRequest(items.get(i).prompt(), s.seed() + k));
            List<Generation> generations = generator.generate(rows, engine, GenerationListener.NONE);
            if (generations.size() != rows.size()) {
                throw new IllegalStateException(rows.size() + " rows asked, " + generations.size() + " generated");
            }
            for (int j = 0; j < batch.size(); j++) {
                Item item = items.get(batch.get(j));
                Generation g = generations.get(j);
                AssistantReply parsed = renderer.parseReply(g.tokens());
                Boolean correct = item.checker() == null
                        ? null
                        : item.checker().check(item.conversation(), parsed).orElse(null);
                out[batch.get(j)][k] = new Reply(g, parsed, correct);
            }
            afterBatch.run();
        }
    }

    private Result score(
            List<Item> items,
            Reply[][] withTool,
            Reply[][] withoutTool,
            Settings s,
            int tooLong,
            List<String> unchecked) {
        List<ReportCard.TaskScore> scores = new ArrayList<>();
        List<ReportCard.Example> examples = new ArrayList<>();
        Tally overall = new Tally();
        long replies = 0;
        long replyTokens = 0;
        int from = 0;
        while (from < items.size()) {
            String task = items.get(from).task();
            int to = from;
            while (to < items.size() && items.get(to).task().equals(task)) to++;
            Tally t = new Tally();
            Tally without = new Tally();
            int solvedAnyOf = 0;
            int checkedItems = 0;
            for (int i = from; i < to; i++) {
                boolean anyCorrect = false;
                boolean checked = false;
                for (Reply r : withTool[i]) {
                    t.add(r);
                    overall.add(r);
                    if (r.correct() != null) {
                        checked = true;
                        anyCorrect |= r.correct();
                    }
                }
                if (items.get(i).toolTask()) for (Reply r : withoutTool[i]) without.add(r);
                if (checked) checkedItems++;
                if (anyCorrect) solvedAnyOf++;
                if (i - from < s.examplesPerTask()) examples.add(example(items.get(i), withTool[i][0]));
            }
            boolean checkable = t.checked > 0;
            boolean toolTask = items.get(from).toolTask();
            scores.add(new ReportCard.TaskScore(
                    task,
                    to - from,
                    checkable,
                    checkable ? round(t.accuracy()) : null,
                    checkable && toolTask ? round(without.accuracy()) : null,
                    checkable && s.samples() > 1 ? round((double) solvedAnyOf / checkedItems) : null,
                    round(t.formatCompliance()),
                    round(t.toolCallRate()),
                    round(t.meanTokens()),
                    checkable ? commonestAnswerRate(items.subList(from, to)) : null));
            replies += t.replies + without.replies;
            replyTokens += t.tokens + without.tokens;
            from = to;
        }
        return new Result(
                scores,
                new ReportCard.Overall(items.size(), round(overall.formatCompliance()), round(overall.meanTokens())),
                examples,
                tooLong,
                List.copyOf(unchecked),
                replies,
                replyTokens);
    }

    /** Counts over a set of replies. */
    private static final class Tally {
        long replies;
        long formatOk;
        long toolCalling;
        long tokens;
        long checked;
        long correct;

        void add(Reply r) {
            replies++;
            if (r.formatOk()) formatOk++;
            if (r.generation().toolCalls() > 0) toolCalling++;
            tokens += r.generation().tokens().length;
            if (r.correct() != null) {
                checked++;
                if (r.correct()) correct++;
            }
        }

        double accuracy() {
            return checked == 0 ? 0 : (double) correct / checked;
        }

        double formatCompliance() {
            return replies == 0 ? 0 : (double) formatOk / replies;
        }

        double toolCallRate() {
            return replies == 0 ? 0 : (double) toolCalling / replies;
        }

        double meanTokens() {
            return replies == 0 ? 0 : (double) tokens / replies;
        }
    }

    private static ReportCard.Example example(Item item, Reply r) {
        List<ReportCard.ToolUse> uses = new ArrayList<>();
        for (Part p : r.parsed().parts()) {
            if (p instanceof Part.ToolCall call) {
                uses.add(new ReportCard.ToolUse(call.input(), null));
            } else if (p instanceof Part.ToolOutput output && !uses.isEmpty()) {
                ReportCard.ToolUse last = uses.get(uses.size() - 1);
                if (last.output() == null)
                    uses.set(uses.size() - 1, new ReportCard.ToolUse(last.input(), output.output()));
            }
        }
        return new ReportCard.Example(
                item.task(),
                item.conversation().withoutLast().last().text(),
                r.parsed().text(),
                uses,
                r.correct());
    }

    /**
     * The share of {@code items} whose ideal reply's final answer ({@link FinalAnswer}, normalised) is
     * the commonest one among them; null when no ideal reply states one.
     */
    private static Double commonestAnswerRate(List<Item> items) {
        Map<String, Integer> counts = new HashMap<>();
        for (Item item : items)
            FinalAnswer.of(item.conversation().last().text())
                    .ifPresent(answer -> counts.merge(answer, 1, Integer::sum));
        if (counts.isEmpty()) return null;
        return round((double) Collections.max(counts.values()) / items.size());
    }

    /** True when the conversation's ideal (last) reply calls a tool. */
    static boolean idealReplyCallsTool(Conversation c) {
        return c.last().parts().stream().anyMatch(p -> p instanceof Part.ToolCall);
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    private static int batches(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Four decimals: enough to compare runs, short enough to read. */
    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
