package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.GenerationSettings;
import dev.tempered.activities.model.serve.LoadedModel;
import dev.tempered.activities.model.serve.ModelLoader;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.DigestPrefixes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Completes a prompt with a checkpoint, printing the text to stdout as it is generated. With the
 * {@code sample} stage's settings and seed it prints exactly that stage's completion. Works with or
 * without a running platform, like the other read-only commands.
 */
@Command(name = "sample", description = "Complete a prompt with a pretrained checkpoint, streaming the text.")
public final class SampleCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIGEST",
            description = "A checkpoint artifact (a unique prefix is enough).")
    String model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue (may be empty).")
    String prompt;

    @Option(
            names = "--tokenizer",
            paramLabel = "DIGEST",
            description =
                    "Tokenizer artifact (default: the one the checkpoint was trained with, found through lineage).")
    String tokenizer;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--stop", paramLabel = "TEXT", description = "End before this text; repeatable.")
    List<String> stop;

    @Override
    public Integer call() {
        // Checked before any service starts, so a typo costs no start-up time.
        GenerationSettings settings = sampling.settings(stop);
        DigestPrefixes.check(model, "--model");
        if (tokenizer != null) DigestPrefixes.check(tokenizer, "--tokenizer");
        // stdout may be a pipe with the platform's default charset; the model writes UTF-8 text.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Platform platform = Platform.connect(global.config(), false);
                LoadedModel m = new ModelLoader(platform.store(), platform.lineage())
                        .load(
                                platform.lineage().resolveDigest(model),
                                tokenizer == null ? null : platform.lineage().resolveDigest(tokenizer))) {
            GenerationSettings fitted =
                    SamplingOptions.fitToContext(settings, m.contextLength(), m.promptTokens(prompt), System.err);
            LoadedModel.Completion c = m.generate(
                    prompt,
                    fitted,
                    piece -> {
                        out.print(piece);
                        out.flush();
                    },
                    () -> true);
            out.println();
            System.err.printf(
                    "(%d tokens, stopped by %s; checkpoint step %d, tokenizer %s)%n",
                    c.tokens(),
                    c.stop().replace('_', ' '),
                    m.step(),
                    m.tokenizer().substring(0, 12));
            return 0;
        }
    }
}
