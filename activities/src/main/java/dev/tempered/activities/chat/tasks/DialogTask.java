package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Real human dialogs: the English YAML dialogs of the {@code chatterbot-corpus} PyPI package
 * (version 1.3.3, BSD licence), converted by {@code examples/data/dialogs/convert_chatterbot.py}
 * into {@link #RESOURCE} and shipped on the classpath, so a worker needs nothing at run time. The
 * first speaker of each dialog is the user. {@code item(seed, index)} walks the dialogs in an order
 * shuffled by the seed: indices 0 to {@link #size()}−1 give every dialog once, later indices start
 * over. Chit-chat has no single right answer, so {@link #check} is empty.
 */
public final class DialogTask implements ChatTask {
    public static final String NAME = "dialog";

    public static final String RESOURCE = "/chat/dialogs/chatterbot-en.jsonl.gz";

    /**
     * Version 1: chatterbot-corpus 1.3.3 as converted by the script's first version. The resource's
     * sha256 is pinned by a test, so a regenerated file cannot ship without bumping this.
     */
    public static final int VERSION = 1;

    private static volatile List<Conversation> corpus;

    private final List<Conversation> dialogs;

    public DialogTask() {
        this(chatterbot());
    }

    public DialogTask(List<Conversation> dialogs) {
        if (dialogs.isEmpty()) throw new IllegalArgumentException("the dialog task needs dialogs");
        this.dialogs = List.copyOf(dialogs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    /** Dialogs in the corpus. */
    public int size() {
        return dialogs.size();
    }

    @Override
    public Conversation item(long seed, long index) {
        // Dialogs are ordered by a hash of (seed, position) so that item i does not depend on how
        // many items are asked for.
        List<Integer> order = orderFor(seed);
        Conversation c = dialogs.get(order.get((int) Math.floorMod(index, (long) dialogs.size())));
        return new Conversation(c.messages(), c.source(), NAME, c.id());
    }

    @Override
    public Optional<Boolean> check(Conversation item, AssistantReply reply) {
        return Optional.empty();
    }

    /** The walk of the last seed asked for; a stage asks for one seed many times. */
    private record Walk(long seed, List<Integer> order) {}

    private volatile Walk walk;

    private List<Integer> orderFor(long seed) {
        Walk w = walk;
        if (w != null && w.seed() == seed) return w.order();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dialogs.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong(
                        (Integer i) -> ItemRandom.of(NAME, seed, i).nextLong())
                .thenComparingInt(i -> i));
        walk = new Walk(seed, List.copyOf(order));
        return order;
    }

    /** The converted chatterbot dialogs, read once; every line is validated. */
    public static List<Conversation> chatterbot() {
        List<Conversation> c = corpus;
        if (c == null) {
            synchronized (DialogTask.class) {
                if (corpus == null) corpus = read();
                c = corpus;
            }
        }
        return c;
    }

    private static List<Conversation> read() {
        try (InputStream in = DialogTask.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("dialog corpus " + RESOURCE + " is not on the classpath");
            List<Conversation> out = new ArrayList<>();
            ConversationFile.ReadReport report =
                    ConversationFile.read(in, RESOURCE, ConversationValidator.defaults(), out::add);
            if (report.invalid() > 0) {
                throw new IllegalStateException(RESOURCE + " has " + report.invalid()
                        + " invalid lines; regenerate it with examples/data/dialogs/convert_chatterbot.py: "
                        + report.examples());
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
        }
    }
}
