package dev.tempered.activities.chat.prefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFormatException;
import dev.tempered.activities.chat.ConversationJson;

/**
 * One {@link PreferencePair} as one JSON line, the {@code preferences} artifact's format:
 *
 * <pre>{@code
 * {"group":"task-17/alice","task_id":"task-17","prompt_id":"arithmetic-000042","labeler":"alice",
 *  "chosen_response":"r2","rejected_response":"r0","chosen_rank":1,"rejected_rank":3,"confidence":1.0,
 *  "chosen":{"messages":[{"role":"user","content":"What is 12*7?"},{"role":"assistant","content":"84."}]},
 *  "rejected":{"messages":[{"role":"user","content":"What is 12*7?"},{"role":"assistant","content":"74."}]}}
 * }</pre>
 *
 * {@code labeler} may be absent; {@code confidence} defaults to 1. The conversations use
 * {@link ConversationJson}'s shape. Errors are {@link PreferenceFormatException}s naming the field.
 */
public final class PreferenceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreferenceJson() {}

    public static PreferencePair parse(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new PreferenceFormatException("not_json", "line", "is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PreferenceFormatException("not_json", "line", "is not a JSON object");
        }
        return new PreferencePair(
                text(root, "group"),
                text(root, "task_id"),
                text(root, "prompt_id"),
                text(root, "labeler"),
                text(root, "chosen_response"),
                text(root, "rejected_response"),
                integer(root, "chosen_rank"),
                integer(root, "rejected_rank"),
                root.hasNonNull("confidence") ? number(root, "confidence") : 1.0,
                conversation(root, "chosen"),
                conversation(root, "rejected"));
    }

    public static String write(PreferencePair p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("group", p.group());
        root.put("task_id", p.taskId());
        root.put("prompt_id", p.promptId());
        if (p.labeler() != null) root.put("labeler", p.labeler());
        root.put("chosen_response", p.chosenResponse());
        root.put("rejected_response", p.rejectedResponse());
        root.put("chosen_rank", p.chosenRank());
        root.put("rejected_rank", p.rejectedRank());
        root.put("confidence", p.confidence());
        root.set("chosen", ConversationJson.toNode(p.chosen()));
        root.set("rejected", ConversationJson.toNode(p.rejected()));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Conversation conversation(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        try {
            return ConversationJson.fromNode(n);
        } catch (ConversationFormatException e) {
            throw new PreferenceFormatException("bad_conversation", field + "." + e.field(), e.getMessage());
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new PreferenceFormatException("bad_field", field, "is not a string");
        return v.asText();
    }

    private static int integer(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw new PreferenceFormatException("bad_field", field, "is missing or not an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (!v.isNumber()) throw new PreferenceFormatException("bad_field", field, "is not a number");
        return v.asDouble();
    }
}
