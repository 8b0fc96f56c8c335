package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalChatTest {
    private final ByteArrayOutputStream textBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream toolBytes = new ByteArrayOutputStream();
    private final PrintStream text = new PrintStream(textBytes, true, StandardCharsets.UTF_8);
    private final PrintStream tools = new PrintStream(toolBytes, true, StandardCharsets.UTF_8);

    /** The events of a reply as the engine streams them: text pieces around one calculator call. */
    private static void reply(TerminalChat view) {
        view.text("Let me");
        view.text(" calculate.");
        view.toolCall("13*3");
        view.toolOutput("39");
        view.text(" Carlos saves $39.");
        view.text("\n#### ");
        view.text("39");
        view.finish();
    }

    @Test
    void onOneStreamTheCalculatorLineStandsOnItsOwnAndLaterLinesAreIndented() {
        reply(new TerminalChat(text, text, false, "    "));
        assertEquals(
                "Let me calculate.\n    [calc] 13*3 → 39\n    Carlos saves $39.\n    #### 39\n",
                textBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withToolsOnTheirOwnStreamTheTextReadsAsTheAssistantWroteIt() {
        reply(new TerminalChat(text, tools, false));
        assertEquals("Let me calculate. Carlos saves $39.\n#### 39\n", textBytes.toString(StandardCharsets.UTF_8));
        assertEquals("[calc] 13*3 → 39\n", toolBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCallThatNeverGotItsOutputIsShownAsItIsWhenTheReplyEnds() {
        TerminalChat view = new TerminalChat(text, text, false);
        view.text("Let me calculate.");
        view.toolCall("2*(3+");
        view.finish();
        assertEquals("Let me calculate.\n[calc] 2*(3+\n", textBytes.toString(StandardCharsets.UTF_8));
    }
}
