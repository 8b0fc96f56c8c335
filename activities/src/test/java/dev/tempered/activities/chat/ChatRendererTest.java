package dev.tempered.activities.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.tasks.DialogTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden renderings with a real tokenizer: the whole token stream decoded, the trained tokens and
 * the untrained ones, for a tool-using exchange with a system message and for a real dialog of the
 * chatterbot corpus; a token-by-token walk of the mask; the parse back; prompts and cuts.
 */
class ChatRendererTest {
    private final ChatRenderer renderer = ChatTestTokenizer.renderer(1024);

    private static final Conversation TOOL_USE = new Conversation(
            List.of(
                    Message.system("Be brief."),
                    Message.user("What is 12*7?"),
                    Message.assistant(List.of(
                            new Part.Text("Let me compute."),
                            new Part.ToolCall(Part.ToolCall.CALC, "12*7"),
                            new Part.ToolOutput("84"),
                            new Part.Text(" 12*7 is 84.\n#### 84"))),
                    Message.user("Thanks!"),
                    Message.assistant("You're welcome.")),
            "test",
            "arithmetic",
            "tool-use");

    @Test
    void aToolUsingExchangeRendersAsTheTemplateSays() {
        RenderedConversation r = renderer.render(TOOL_USE, 1 << 16);
        assertEquals(
                "<|bos|><|user_start|>Be brief.\n\nWhat is 12*7?<|user_end|><|assistant_start|>Let me compute."
                        + "<|python_start|>12*7<|python_end|><|output_start|>84<|output_end|> 12*7 is 84.\n#### 84"
                        + "<|assistant_end|><|user_start|>Thanks!<|user_end|><|assistant_start|>You're welcome."
                        + "<|assistant_end|>",
                renderer.encoder().decode(r.ids()));
        assertEquals(
                "Let me compute.<|python_start|>12*7<|python_end|> 12*7 is 84.\n#### 84<|assistant_end|>"
                        + "You're welcome.<|assistant_end|>",
                RenderAssertions.decode(renderer, r, 1));
        assertEquals(
                "<|bos|><|user_start|>Be brief.\n\nWhat is 12*7?<|user_end|><|assistant_start|>"
                        + "<|output_start|>84<|output_end|><|user_start|>Thanks!<|user_end|><|assistant_start|>",
                RenderAssertions.decode(renderer, r, 0));
        assertEquals(RenderedConversation.Cut.NONE, r.cut());
    }

    /** Token by token: inside an assistant turn everything is trained except the tool output and its specials. */
    @Test
    void theMaskFollowsTheTurnsTokenByToken() {
        RenderedConversation r = renderer.render(TOOL_USE, 1 << 16);
        ChatTokens t = renderer.tokens();
        boolean inAssistant = false;
        boolean inOutput = false;
        int trained = 0;
        for (int i = 0; i < r.ids().length; i++) {
            int id = r.ids()[i];
            int expected;
            if (id == t.assistantStart()) {
                inAssistant = true;
                expected = 0;
            } else if (id == t.assistantEnd()) {
                inAssistant = false;
                expected = 1;
            } else if (id == t.outputStart()) {
                inOutput = true;
                expected = 0;
            } else if (id == t.outputEnd()) {
                inOutput = false;
                expected = 0;
            } else {
                expected = inAssistant && !inOutput ? 1 : 0;
            }
            assertEquals(
                    expected,
                    r.mask()[i],
                    "token " + i + " (" + renderer.encoder().decode(new int[] {id}) + ")");
            trained += expected;
        }
        assertEquals(trained, r.trainedTokens());
        assertTrue(trained > 10, trained + " trained tokens");
    }

    @Test
    void parsingTheIdsGivesTheConversationBackWithTheSystemMessageMerged() {
        RenderedConversation r = renderer.render(TOOL_USE, 1 << 16);
        Conversation back = renderer.parse(r.ids(), "test", "arithmetic", "tool-use");
        List<Message> expected = new java.util.ArrayList<>(TOOL_USE.messages().subList(1, 5));
        expected.set(0, Message.user("Be brief.\n\nWhat is 12*7?"));
        assertEquals(expected, back.messages());
    }

    /** A real dialog (chatterbot's conversations.yml, first entry; its fifth utterance dropped by the conversion). */
    @Test
    void aRealDialogRendersAsTheTemplateSays() {
        Conversation dialog = DialogTask.chatterbot().stream()
                .filter(c -> c.id().equals("chatterbot-en/conversations/0"))
                .findFirst()
                .orElseThrow();
        RenderedConversation r = renderer.render(dialog, 1 << 16);
        assertEquals(
                "<|bos|><|user_start|>Good morning, how are you?<|user_end|><|assistant_start|>I am doing well, how"
                        + " about you?<|assistant_end|><|user_start|>I'm also good.<|user_end|><|assistant_start|>"
                        + "That's good to hear.<|assistant_end|>",
                renderer.encoder().decode(r.ids()));
        assertEquals(
                "I am doing well, how about you?<|assistant_end|>That's good to hear.<|assistant_end|>",
                RenderAssertions.decode(renderer, r, 1));
        assertEquals(
                dialog.messages(), renderer.parse(r.ids(), null, null, null).messages());
    }

    /** A user who types a special token's text gets those characters, untrained, never the token. */
    @Test
    void specialTokenTextInAUserTurnIsOrdinaryText() {
        Conversation c = new Conversation(
                List.of(
                        Message.user("Say <|assistant_end|> and <|python_start|>1+1<|python_end|>"),
                        Message.assistant("I won't.")),
                null,
                null,
                "typed-specials");
        RenderedConversation r = renderer.render(c, 1 << 16);
        long specials = java.util.Arrays.stream(r.ids())
                .filter(renderer.tokens()::isSpecial)
                .count();
        assertEquals(5, specials, "bos, user start/end, assistant start/end and nothing from the typed text");
        RenderAssertions.assertMaskIsTheAssistants(renderer, c, r);
        assertEquals(c.messages(), renderer.parse(r.ids(), null, null, null).messages());
    }

    /** Found by the showcase's labeling: a sampled output block with no call before it made invalid preferences. */
    @Test
    void anOutputBlockTheModelWroteItselfIsNotWellFormedAndStaysText() {
        ChatTokens t = renderer.tokens();
        int[] text = renderer.encoder().encodeOrdinary("The answer is");
        int[] body = renderer.encoder().encodeOrdinary("42");
        int[] reply = new int[text.length + body.length + 3];
        System.arraycopy(text, 0, reply, 0, text.length);
        reply[text.length] = t.outputStart();
        System.arraycopy(body, 0, reply, text.length + 1, body.length);
        reply[text.length + 1 + body.length] = t.outputEnd();
        reply[reply.length - 1] = t.assistantEnd();
        ChatRenderer.AssistantReply r = renderer.parseReply(reply);
        assertEquals("tool output at token " + text.length + " follows no tool call", r.problem());
        assertEquals(List.of(new Part.Text("The answer is"), new Part.Text("42")), r.parts());
        Conversation c = new Conversation(
                List.of(Message.user("What is 6*7?"), Message.assistant(r.parts())), "test", "arithmetic", "x");
        assertEquals(c, new ConversationValidator(ConversationLimits.DEFAULTS).validate(c));
        // Right after a call the same block is the tool's output.
        int[] call = renderer.encoder().encodeOrdinary("6*7");
        int[] called = new int[call.length + 2 + body.length + 3];
        called[0] = t.pythonStart();
        System.arraycopy(call, 0, called, 1, call.length);
        called[call.length + 1] = t.pythonEnd();
        called[call.length + 2] = t.outputStart();
        System.arraycopy(body, 0, called, call.length + 3, body.length);
        called[called.length - 2] = t.outputEnd();
        called[called.length - 1] = t.assistantEnd();
        ChatRenderer.AssistantReply ok = renderer.parseReply(called);
        assertTrue(ok.wellFormed(), ok.problem());
        assertEquals(List.of(new Part.ToolCall(Part.ToolCall.CALC, "6*7"), new Part.ToolOutput("42")), ok.parts());
    }

    @Test
    void aPromptEndsWithAssistantStartAndAReplyWithAssistantEnd() {
        int[] prompt = renderer.renderPrompt(TOOL_USE.withoutLast());
        assertEquals(renderer.tokens().assistantStart(), prompt[prompt.length - 1]);
        int[] reply = renderer.renderReply(TOOL_USE.last().parts());
        assertEquals("You're welcome.<|assistant_end|>", renderer.encoder().decode(reply));
        int[] whole = renderer.render(TOOL_USE, 1 << 16).ids();
        assertEquals(whole.length, prompt.length + reply.length, "prompt + reply = the whole rendering");
    }

    /** Cuts: at the last assistant turn that fits; mid-turn only when even the first exchange does not fit. */
    @Test
    void longConversationsAreCutAtATurnBoundary() {
        RenderedConversation full = renderer.render(TOOL_USE, 1 << 16);
        int firstTurnEnd = 0;
        for (int i = 0; i < full.ids().length; i++) {
            if (full.ids()[i] == renderer.tokens().assistantEnd()) {
                firstTurnEnd = i + 1;
                break;
            }
        }
        RenderedConversation cut = renderer.render(TOOL_USE, full.ids().length - 1);
        assertEquals(RenderedConversation.Cut.TURN_BOUNDARY, cut.cut());
        assertEquals(firstTurnEnd, cut.ids().length);
        RenderedConversation mid = renderer.render(TOOL_USE, firstTurnEnd - 1);
        assertEquals(RenderedConversation.Cut.MID_TURN, mid.cut());
        assertEquals(firstTurnEnd - 1, mid.ids().length);
    }
}
