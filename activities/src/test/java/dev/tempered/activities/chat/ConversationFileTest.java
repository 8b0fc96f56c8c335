package dev.tempered.activities.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.DialogTask;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip conversations file with good lines (a real dialog, a generated arithmetic item) among bad
 * ones: every bad line is counted under its reason, the first ones are named by file, line and
 * field, and every good line is kept, in order.
 */
class ConversationFileTest {
    @TempDir
    Path dir;

    @Test
    void badLinesAreCountedByReasonAndNamedAndGoodLinesAreKept() throws Exception {
        Conversation dialog = DialogTask.chatterbot().get(0);
        Conversation arithmetic = new ArithmeticTask().item(1, 0);
        String longText = "word ".repeat(4000);
        List<String> lines = List.of(
                /* 1 */ ConversationJson.write(dialog),
                /* 2 */ "{\"messages\":[{\"role\":\"assistant\",\"content\":\"Hi\"},{\"role\":\"user\",\"content\":\"Hello\"}]}",
                /* 3 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"Anyone there?\"}]}",
                /* 4 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"   \"},{\"role\":\"assistant\",\"content\":\"Hm?\"}]}",
                /* 5 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"unterminated",
                /* 6 */ "",
                /* 7 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"ls\"},{\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"tool_call\",\"tool\":\"bash\",\"input\":\"ls\"}]}]}",
                /* 8 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"},{\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"tool_output\",\"output\":\"4\"},{\"type\":\"text\",\"text\":\"4\"}]}]}",
                /* 9 */ "{\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"},"
                        + "{\"role\":\"assistant\",\"content\":\"ok\"}]}",
                /* 10 */ ConversationJson.write(arithmetic));
        Path file = dir.resolve("convs.jsonl.gz");
        try (OutputStream out = Files.newOutputStream(file);
                Writer w = new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8)) {
            for (String line : lines) w.write(line + "\n");
        }

        List<Conversation> kept = new ArrayList<>();
        ConversationFile.ReadReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = ConversationFile.read(in, "convs.jsonl.gz", ConversationValidator.defaults(), kept::add);
        }
        assertEquals(
                Map.of(
                        "role_order", 1L,
                        "no_assistant_reply", 1L,
                        "empty_content", 1L,
                        "not_json", 1L,
                        "unknown_tool", 1L,
                        "orphan_tool_output", 1L,
                        "too_long", 1L),
                report.invalidByReason());
        assertEquals(7, report.invalid());
        assertEquals(2, report.valid());
        assertEquals(List.of(dialog, arithmetic), kept, "the good lines, whole and in order");

        List<String> examples = report.examples();
        assertEquals(7, examples.size());
        assertTrue(examples.get(0).startsWith("convs.jsonl.gz:2: messages[0].role: is 'assistant' but 'user'"), examples.get(0));
        assertTrue(examples.get(1).startsWith("convs.jsonl.gz:3: messages[0].role: the last message is the user's"), examples.get(1));
        assertTrue(examples.get(2).startsWith("convs.jsonl.gz:4: messages[0].content: is empty"), examples.get(2));
        assertTrue(examples.get(3).startsWith("convs.jsonl.gz:5: line: is not JSON"), examples.get(3));
        assertTrue(examples.get(4).startsWith("convs.jsonl.gz:7: messages[1].content[0].tool: 'bash' is not a tool"), examples.get(4));
        assertTrue(examples.get(5).startsWith("convs.jsonl.gz:8: messages[1].content[0]: a tool_output must directly follow"), examples.get(5));
        assertTrue(examples.get(6).startsWith("convs.jsonl.gz:9: messages[0].content: 20000 characters, more than the limit of 16000"), examples.get(6));
    }

    @Test
    void writtenConversationsReadBackUnchanged() throws Exception {
        List<Conversation> all = new ArrayList<>(DialogTask.chatterbot());
        for (int i = 0; i < 50; i++) all.add(new ArithmeticTask().item(2, i));
        Path file = dir.resolve("round-trip.jsonl.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            ConversationFile.write(all, out);
        }
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(all, ConversationFile.readAll(in, file.toString(), ConversationValidator.defaults()));
        }
    }
}
