package dev.tempered.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A deterministic {@link ChatResponder}, the module's boundary implemented in the test so the Chat
 * page's streaming, tool blocks and escaping can be checked with exact text. The real model and
 * engine answer the same page in the app module's test. A message mentioning {@code times} gets a
 * calculator call; one mentioning {@code script} gets hostile markup back; any other is echoed with
 * the number of user turns the request carried (which shows the page sends the whole history).
 */
final class ScriptedChatResponder implements ChatResponder {
    static final String SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>";
    static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">";
    static final String MISSING = "0".repeat(64);

    final AtomicReference<List<ChatMessage>> lastRequest = new AtomicReference<>();

    @Override
    public Reply reply(
            String model,
            List<ChatMessage> messages,
            PlaygroundSettings settings,
            Events events,
            BooleanSupplier keepGoing) {
        if (model.equals(MISSING))
            throw GeneratorException.notFound("no artifact " + model + " in the lineage store", null);
        lastRequest.set(messages);
        String user = messages.get(messages.size() - 1).content().get(0).text();
        long turns =
                messages.stream().filter(m -> m.role().equals(ChatMessage.USER)).count();
        List<ChatMessage.ChatPart> parts = new ArrayList<>();
        if (user.contains("times")) {
            events.toolCall("12*7");
            parts.add(ChatMessage.ChatPart.toolCall("12*7"));
            events.toolOutput("84");
            parts.add(ChatMessage.ChatPart.toolOutput("84"));
            text("12 times 7 is 84.", events, parts);
        } else if (user.contains("script")) {
            text("Here: " + SCRIPT_PAYLOAD, events, parts);
            text(" and " + IMG_PAYLOAD, events, parts);
        } else {
            text("You said «" + user + "»", events, parts);
            text(" (turn " + turns + ")", events, parts);
        }
        return new Reply(new ChatMessage(ChatMessage.ASSISTANT, merge(parts)), parts.size(), "assistant_end");
    }

    private static void text(String piece, Events events, List<ChatMessage.ChatPart> parts) {
        events.text(piece);
        parts.add(ChatMessage.ChatPart.text(piece));
    }

    /** Adjacent text pieces are one text part in the conversation, as the real parser makes them. */
    private static List<ChatMessage.ChatPart> merge(List<ChatMessage.ChatPart> parts) {
        List<ChatMessage.ChatPart> out = new ArrayList<>();
        for (ChatMessage.ChatPart p : parts) {
            int last = out.size() - 1;
            if (p.type().equals(ChatMessage.ChatPart.TEXT)
                    && last >= 0
                    && out.get(last).type().equals(ChatMessage.ChatPart.TEXT)) {
                out.set(last, ChatMessage.ChatPart.text(out.get(last).text() + p.text()));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
