package dev.tempered.activities.chat.prefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Part;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code preferences} format: a pair built from a real generated arithmetic item (its reply
 * with a tool call) survives a write and read unchanged; bad lines are counted by reason and named
 * by line and field, and the good ones kept.
 */
class PreferenceFileTest {
    private final Conversation item = new ArithmeticTask().item(1, 0);
    private final Conversation wrong = item.withoutLast().with(Message.assistant("It is 3."));

    private PreferencePair pair(String group, Conversation chosen, Conversation rejected) {
        return new PreferencePair(group, "task-1", item.id(), "alice", "r0", "r1", 1, 2, 1.0, chosen, rejected);
    }

    @Test
    void aPairWithToolPartsSurvivesWriteAndRead() throws Exception {
        PreferencePair p =
                new PreferencePair("task-1/alice", "task-1", item.id(), "alice", "r2", "r0", 1, 3, 0.5, item, wrong);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PreferenceFile.write(List.of(p, pair("task-1/bob", item, wrong)), out);

        List<PreferencePair> read = PreferenceFile.readAll(
                new ByteArrayInputStream(out.toByteArray()), "prefs.jsonl.gz", ConversationValidator.defaults());

        assertEquals(2, read.size());
        assertEquals(p, read.get(0));
        assertEquals(item.withoutLast().messages(), read.get(0).prompt().messages());
        assertEquals(true, read.get(0).chosen().last().parts().stream().anyMatch(Part.ToolCall.class::isInstance));
    }

    @Test
    void badLinesAreCountedByReasonAndNamed() throws Exception {
        String good = PreferenceJson.write(pair("task-1/alice", item, wrong));
        List<String> lines = List.of(
                /* 1 */ good,
                /* 2 */ good.replace("\"rejected_response\":\"r1\"", "\"rejected_response\":\"r0\""),
                /* 3 */ good.replace("\"rejected_rank\":2", "\"rejected_rank\":1"),
                /* 4 */ withRejectedAsChosen(good),
                /* 5 */ "{\"group\":",
                /* 6 */ good.replace("\"confidence\":1.0", "\"confidence\":0"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            for (String line : lines) w.write(line + "\n");
        }
        List<PreferencePair> kept = new ArrayList<>();
        PreferenceFile.ReadReport report = PreferenceFile.read(
                new ByteArrayInputStream(bytes.toByteArray()), "p.gz", ConversationValidator.defaults(), kept::add);

        assertEquals(1, kept.size());
        assertEquals(
                Map.of(
                        "same_response",
                        1L,
                        "bad_rank",
                        1L,
                        "identical_replies",
                        1L,
                        "not_json",
                        1L,
                        "bad_confidence",
                        1L),
                report.invalidByReason());
        assertEquals(
                "p.gz:2: rejected_response: is the chosen response 'r0' itself",
                report.examples().get(0));
    }

    /** {@code line} with its rejected conversation replaced by its chosen one. */
    private static String withRejectedAsChosen(String line) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(line);
        root.set("rejected", root.get("chosen").deepCopy());
        return json.writeValueAsString(root);
    }

    @Test
    void repliesToDifferentPromptsAreNotAPair() {
        Conversation other = new ArithmeticTask().item(2, 0);
        PreferenceFormatException e = assertThrows(PreferenceFormatException.class, () -> pair("g", item, other));
        assertEquals("prompt_mismatch", e.reason());
    }
}
