package dev.tempered.activities.chat;

import dev.tempered.activities.tokenizer.BpeEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conversations ↔ token ids with the tokenizer's chat specials, nanochat's template:
 *
 * <pre>
 *   &lt;|bos|&gt;
 *   &lt;|user_start|&gt; [system text + "\n\n"] user text &lt;|user_end|&gt;                       mask 0
 *   &lt;|assistant_start|&gt;                                                                  mask 0
 *      text                                                                                   mask 1
 *      &lt;|python_start|&gt; call input &lt;|python_end|&gt;                                  mask 1
 *      &lt;|output_start|&gt; tool output &lt;|output_end|&gt;                                  mask 0
 *   &lt;|assistant_end|&gt;                                                                    mask 1
 *   … more user / assistant turns
 * </pre>
 *
 * A system message is merged into the first user turn (the vocabulary has no system tokens). Text
 * is encoded as ordinary text, so a user typing {@code <|assistant_end|>} gets those characters, not
 * the token. The template is versioned ({@link #VERSION}): checkpoints record it, and a change here
 * that alters any id is a new version.
 *
 * <p>Not here: packing into windows (the SFT stage), sampling (the engine).
 */
public final class ChatRenderer {
    /** Version of the template above; bump it when rendering changes for any input. */
    public static final int VERSION = 1;

    /** What separates a merged system message from the first user text. */
    static final String SYSTEM_SEPARATOR = "\n\n";

    private final BpeEncoder encoder;
    private final ChatTokens tokens;

    public ChatRenderer(BpeEncoder encoder, ChatTokens tokens) {
        this.encoder = encoder;
        this.tokens = tokens;
    }

    public ChatTokens tokens() {
        return tokens;
    }

    public BpeEncoder encoder() {
        return encoder;
    }

    /**
     * The whole conversation (which ends with the assistant's reply) with its loss mask, cut to at
     * most {@code maxTokens}: at the end of the last assistant turn that fits when there is one,
     * otherwise in the middle of the first turn.
     */
    public RenderedConversation render(Conversation c, int maxTokens) {
        if (maxTokens < 2) throw new IllegalArgumentException("maxTokens must be ≥ 2, got " + maxTokens);
        Builder b = new Builder();
        List<Integer> turnEnds = new ArrayList<>();
        appendTurns(b, c, turnEnds);
        if (b.size() <= maxTokens) return b.build(b.size(), RenderedConversation.Cut.NONE);
        int cutAt = -1;
        for (int end : turnEnds) if (end <= maxTokens) cutAt = end;
        return cutAt > 0
                ? b.build(cutAt, RenderedConversation.Cut.TURN_BOUNDARY)
                : b.build(maxTokens, RenderedConversation.Cut.MID_TURN);
    }

    /**
     * The prompt that asks for the next assistant reply: {@code c} (which ends with a user message)
     * rendered, then {@code <|assistant_start|>}. Generation continues from here.
     */
    public int[] renderPrompt(Conversation c) {
        if (c.messages().isEmpty() || c.last().role() != Role.USER) {
            throw new IllegalArgumentException("a prompt ends with the user's message");
        }
        Builder b = new Builder();
        appendTurns(b, c, new ArrayList<>());
        b.add(tokens.assistantStart(), 0);
        return b.build(b.size(), RenderedConversation.Cut.NONE).ids();
    }

    /** The tokens of one assistant reply's parts and its end, as the model should produce them. */
    public int[] renderReply(List<Part> parts) {
        Builder b = new Builder();
        appendAssistantParts(b, parts);
        b.add(tokens.assistantEnd(), 1);
        return b.build(b.size(), RenderedConversation.Cut.NONE).ids();
    }

    private void appendTurns(Builder b, Conversation c, List<Integer> turnEnds) {
        b.add(tokens.bos(), 0);
        String system = null;
        for (Message m : c.messages()) {
            switch (m.role()) {
                case SYSTEM -> system = m.text();
                case USER -> {
                    String text = system == null ? m.text() : system + SYSTEM_SEPARATOR + m.text();
                    system = null;
                    b.add(tokens.userStart(), 0);
                    b.addText(encoder.encodeOrdinary(text), 0);
                    b.add(tokens.userEnd(), 0);
                }
                case ASSISTANT -> {
                    b.add(tokens.assistantStart(), 0);
                    appendAssistantParts(b, m.parts());
                    b.add(tokens.assistantEnd(), 1);
                    turnEnds.add(b.size());
                }
            }
        }
    }

    private void appendAssistantParts(Builder b, List<Part> parts) {
        for (Part p : parts) {
            if (p instanceof Part.Text t) {
                b.addText(encoder.encodeOrdinary(t.text()), 1);
            } else if (p instanceof Part.ToolCall call) {
                b.add(tokens.pythonStart(), 1);
                b.addText(encoder.encodeOrdinary(call.input()), 1);
                b.add(tokens.pythonEnd(), 1);
            } else if (p instanceof Part.ToolOutput out) {
                b.add(tokens.outputStart(), 0);
                b.addText(encoder.encodeOrdinary(out.output()), 0);
                b.add(tokens.outputEnd(), 0);
            }
        }
    }

    /**
     * The conversation that {@link #render} turned into {@code ids}: the inverse of rendering, with a
     * system message merged into the first user turn (as rendered). For round-trip tests and
     * for reading transcripts back.
     *
     * @throws IllegalArgumentException naming the position of a token out of place
     */
    public Conversation parse(int[] ids, String source, String task, String id) {
        if (ids.length == 0 || ids[0] != tokens.bos()) {
            throw new IllegalArgumentException("a rendered conversation starts with <|bos|>");
        }
        List<Message> messages = new ArrayList<>();
        int i = 1;
        while (i < ids.length) {
            if (ids[i] == tokens.userStart()) {
                int end = indexOf(ids, tokens.userEnd(), i + 1);
                if (end < 0) throw new IllegalArgumentException("<|user_start|> at " + i + " is never closed");
                messages.add(Message.user(text(ids, i + 1, end)));
                i = end + 1;
            } else if (ids[i] == tokens.assistantStart()) {
                AssistantReply r = parseReply(Arrays.copyOfRange(ids, i + 1, ids.length));
                messages.add(Message.assistant(r.parts()));
                i += 1 + r.consumed();
            } else {
                throw new IllegalArgumentException("token " + ids[i] + " at " + i + " is not the start of a turn");
            }
        }
        return new Conversation(messages, source, task, id);
    }

    /**
     * The parts of one assistant reply from its tokens (everything after {@code <|assistant_start|>},
     * as generated, tool outputs included). Reading stops after {@code <|assistant_end|>}; a reply
     * that never ends, a tool call never closed, a tool output that follows no call or a stray
     * special token makes it not well formed, and the problem is named.
     */
    public AssistantReply parseReply(int[] reply) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        int textFrom = 0;
        String problem = null;
        boolean ended = false;
        while (i < reply.length) {
            int t = reply[i];
            if (!tokens.isSpecial(t)) {
                i++;
                continue;
            }
            addText(parts, reply, textFrom, i);
            if (t == tokens.assistantEnd()) {
                ended = true;
                i++;
                textFrom = i;
                break;
            } else if (t == tokens.pythonStart() || t == tokens.outputStart()) {
                int close = t == tokens.pythonStart() ? tokens.pythonEnd() : tokens.outputEnd();
                int end = indexOf(reply, close, i + 1);
                int stray = firstSpecial(reply, i + 1, end < 0 ? reply.length : end);
                if (end < 0 || stray >= 0) {
                    if (problem == null) {
                        problem = (t == tokens.pythonStart() ? "tool call" : "tool output") + " opened at token " + i
                                + " is never closed";
                    }
                    i = stray >= 0 ? stray : reply.length;
                    textFrom = i;
                    continue;
                }
                String body = text(reply, i + 1, end);
                if (t == tokens.pythonStart()) {
                    parts.add(new Part.ToolCall(Part.ToolCall.CALC, body));
                } else if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Part.ToolCall) {
                    parts.add(new Part.ToolOutput(body));
                } else {
                    // The engine forces an output only right after a call, so the model wrote this block
                    // itself: a hallucinated tool result. Not well formed; its body stays as text so the
                    // reply is still a valid conversation (a labeler can rank it low, a reward model learn so).
                    if (problem == null) problem = "tool output at token " + i + " follows no tool call";
                    if (!body.isBlank()) parts.add(new Part.Text(body));
                }
                i = end + 1;
            } else {
                if (problem == null) problem = "unexpected special token " + t + " at token " + i;
                i++;
            }
            textFrom = i;
        }
        if (!ended) addText(parts, reply, textFrom, reply.length);
        if (!ended && problem == null) problem = "the reply never ends with <|assistant_end|>";
        return new AssistantReply(parts, ended, problem, ended ? i : reply.length);
    }

    /**
     * One assistant reply read back from tokens.
     *
     * @param parts text, tool calls and tool outputs in order
     * @param ended it ended with {@code <|assistant_end|>}
     * @param problem null when well formed; otherwise what is wrong and where
     * @param consumed tokens read, the end token included
     */
    public record AssistantReply(List<Part> parts, boolean ended, String problem, int consumed) {
        public AssistantReply {
            parts = List.copyOf(parts);
        }

        public boolean wellFormed() {
            return problem == null;
        }

        /** The reply's text parts, concatenated. */
        public String text() {
            return Message.assistant(parts.isEmpty() ? List.of(new Part.Text("")) : parts)
                    .text();
        }
    }

    private void addText(List<Part> parts, int[] ids, int from, int to) {
        if (to > from) parts.add(new Part.Text(text(ids, from, to)));
    }

    private String text(int[] ids, int from, int to) {
        return encoder.decode(Arrays.copyOfRange(ids, from, to));
    }

    private int firstSpecial(int[] ids, int from, int to) {
        for (int i = from; i < to; i++) if (tokens.isSpecial(ids[i])) return i;
        return -1;
    }

    private static int indexOf(int[] ids, int token, int from) {
        for (int i = from; i < ids.length; i++) if (ids[i] == token) return i;
        return -1;
    }

    /** Ids and mask values as they are appended. */
    private static final class Builder {
        private int[] ids = new int[256];
        private byte[] mask = new byte[256];
        private int size;

        void add(int id, int m) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                mask = Arrays.copyOf(mask, size * 2);
            }
            ids[size] = id;
            mask[size] = (byte) m;
            size++;
        }

        void addText(int[] text, int m) {
            for (int id : text) add(id, m);
        }

        int size() {
            return size;
        }

        RenderedConversation build(int n, RenderedConversation.Cut cut) {
            return new RenderedConversation(Arrays.copyOf(ids, n), Arrays.copyOf(mask, n), cut);
        }
    }
}
