package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.Part;
import java.util.List;

/**
 * What a labeler reads of a model reply: its text with each tool call written inline as
 * {@code [calc: 3*4 → 12]}, so a labeler can see how the model got its number. Plain text:
 * escaping for HTML is the page's job.
 */
public final class ResponseText {
    private ResponseText() {}

    public static String of(List<Part> parts) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Part.Text t) out.append(t.text());
            else if (p instanceof Part.ToolCall c)
                out.append("[").append(c.tool()).append(": ").append(c.input());
            else if (p instanceof Part.ToolOutput o)
                out.append(" → ").append(o.output()).append("]");
        }
        return out.toString().strip();
    }
}
