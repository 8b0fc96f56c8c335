package dev.tempered.bench.tokenizer;

import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import dev.tempered.activities.tokenizer.train.BpeTrainingResult;
import dev.tempered.activities.tokenizer.train.BpeTrainingStats;
import dev.tempered.activities.tokenizer.train.Merge;
import dev.tempered.activities.tokenizer.train.SplitPatterns;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tempered's side of the tokenizer-training bench: trains on the bench corpus at each vocabulary
 * size and writes, per size, the token bytes by rank (one hex line per id, the form rustbpe's
 * {@code get_mergeable_ranks} gives) and one JSON line of timings, for {@code train_peers.py} to
 * compare with rustbpe and HF tokenizers. Wall time is from documents in memory to the merge list,
 * as for the peers; reading the corpus file is not timed.
 *
 * <p>Not measured: writing a tokenizer file, encoding. Run by hand with
 * {@code bench/tokenizer/train_bench.sh}; never in CI.
 */
@Command(
        name = "TrainBench",
        mixinStandardHelpOptions = true,
        description = "Train Tempered's byte-level BPE on the bench corpus and write ranks and timings.")
public final class TrainBench implements Callable<Integer> {
    @Option(
            names = "--corpus",
            defaultValue = "bench/data/tokenizer/corpus.txt",
            description = "Documents separated by U+001E (bench/tokenizer/make_corpus.sh) (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(
            names = "--vocab",
            split = ",",
            defaultValue = "4096,32768",
            description = "Total vocabulary sizes, specials included (default: ${DEFAULT-VALUE}).")
    List<Integer> vocabSizes;

    @Option(
            names = "--specials",
            defaultValue = "10",
            description = "Special tokens reserved; merges = vocab - 256 - specials (default: ${DEFAULT-VALUE}).")
    int specials;

    @Option(names = "--threads", defaultValue = "2", description = "Counting threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--pattern",
            defaultValue = "gpt4",
            description = "gpt4 (cl100k), nanochat (\\p{N}{1,2}) or a regex (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(
            names = "--repeat",
            defaultValue = "1",
            description =
                    "Trainings per size in this JVM; the first one includes JIT warm-up (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--out",
            defaultValue = "bench/results/tokenizer",
            description = "Folder for ranks, pattern and timings (default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainBench()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        String regex = switch (pattern) {
            case "gpt4" -> SplitPatterns.GPT4;
            case "nanochat" -> SplitPatterns.NANOCHAT;
            default -> pattern;
        };
        Files.createDirectories(out);
        // The peers read the exact same pattern string from here.
        Files.writeString(out.resolve("pattern.txt"), regex, StandardCharsets.UTF_8);
        List<String> documents =
                List.of(Pattern.compile("\u001e").split(Files.readString(corpus, StandardCharsets.UTF_8)));
        long chars = documents.stream().mapToLong(String::length).sum();
        System.err.printf("tempered: %d documents, %d chars from %s%n", documents.size(), chars, corpus);

        try (Writer timings = Files.newBufferedWriter(out.resolve("tempered-timings.jsonl"), StandardCharsets.UTF_8)) {
            for (int vocab : vocabSizes) {
                BpeTrainerConfig config = new BpeTrainerConfig(vocab, regex, specials, threads);
                BpeTrainingResult result = null;
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    result = new BpeTrainer(config).train(documents);
                    double wall = (System.nanoTime() - t0) / 1e9;
                    BpeTrainingStats s = result.stats();
                    String line = String.format(
                            java.util.Locale.ROOT,
                            "{\"tool\":\"tempered\",\"vocab\":%d,\"run\":%d,\"threads\":%d,\"merges\":%d,\"wall_s\":%.3f,"
                                    + "\"split_count_s\":%.3f,\"pair_index_s\":%.3f,\"merge_loop_s\":%.3f,"
                                    + "\"total_chunks\":%d,\"unique_chunks\":%d,\"pair_slots\":%d}",
                            vocab,
                            r,
                            threads,
                            result.merges().size(),
                            wall,
                            s.splitAndCount().toNanos() / 1e9,
                            s.pairIndex().toNanos() / 1e9,
                            s.mergeLoop().toNanos() / 1e9,
                            s.totalChunks(),
                            s.uniqueChunks(),
                            s.pairSlots());
                    System.out.println(line);
                    timings.write(line + "\n");
                    timings.flush();
                }
                writeRanks(out.resolve("tempered-" + vocab + ".ranks"), result.tokenBytesByRank());
                writeCounts(out.resolve("tempered-" + vocab + ".counts"), result.merges());
            }
        }
        return 0;
    }

    /** Each merge's count, one line per merge: lets the peers script tell tie order from real differences. */
    private static void writeCounts(Path file, List<Merge> merges) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (Merge merge : merges) w.write(merge.count() + "\n");
        }
    }

    private static void writeRanks(Path file, List<byte[]> tokenBytes) throws IOException {
        HexFormat hex = HexFormat.of();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (byte[] token : tokenBytes) w.write(hex.formatHex(token) + "\n");
        }
    }
}
