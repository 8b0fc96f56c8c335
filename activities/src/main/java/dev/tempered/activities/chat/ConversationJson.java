package dev.tempered.activities.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation as one JSON line, the {@code conversations} artifact's format:
 *
 * <pre>{@code
 * {"messages":[{"role":"user","content":"What is 12*7?"},
 *              {"role":"assistant","content":[{"type":"text","text":"Let me compute. "},
 *                                             {"type":"tool_call","tool":"calc","input":"12*7"},
 *                                             {"type":"tool_output","output":"84"},
 *                                             {"type":"text","text":"12*7 is 84."}]}],
 *  "source":"synthetic","task":"arithmetic","id":"arithmetic-000042"}
 * }</pre>
 *
 * A message's content is a string (one text part) or a list of parts. Parsing checks the JSON shape
 * only; {@link ConversationValidator} checks the rules. Both throw
 * {@link ConversationFormatException} naming the field.
 */
public final class ConversationJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversationJson() {}

    public static Conversation parse(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ConversationFormatException("not_json", "line", "is not JSON: " + e.getOriginalMessage());
        }
        return fromNode(root);
    }

    /** Reads a conversation from a parsed JSON object (one nested in another format's line). */
    public static Conversation fromNode(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConversationFormatException("not_json", "line", "is not a JSON object");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new ConversationFormatException("missing_field", "messages", "is missing or not a list");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) out.add(message(messages.get(i), "messages[" + i + "]"));
        return new Conversation(
                out, optionalText(root, "source"), optionalText(root, "task"), optionalText(root, "id"));
    }

    public static String write(Conversation c) {
        try {
            return JSON.writeValueAsString(toNode(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conversation as a JSON object, to nest in another format's line. */
    public static ObjectNode toNode(Conversation c) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        for (Message m : c.messages()) {
            ObjectNode n = messages.addObject();
            n.put("role", m.role().wireName());
            if (m.isPlainText()) {
                n.put("content", m.text());
            } else {
                ArrayNode parts = n.putArray("content");
                for (Part p : m.parts()) {
                    ObjectNode pn = parts.addObject();
                    if (p instanceof Part.Text t) {
                        pn.put("type", "text").put("text", t.text());
                    } else if (p instanceof Part.ToolCall call) {
                        pn.put("type", "tool_call").put("tool", call.tool()).put("input", call.input());
                    } else if (p instanceof Part.ToolOutput o) {
                        pn.put("type", "tool_output").put("output", o.output());
                    }
                }
            }
        }
        if (c.source() != null) root.put("source", c.source());
        if (c.task() != null) root.put("task", c.task());
        if (c.id() != null) root.put("id", c.id());
        return root;
    }

    private static Message message(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new ConversationFormatException("bad_message", where, "is not an object");
        JsonNode role = n.get("role");
        if (role == null || !role.isTextual()) {
            throw new ConversationFormatException("missing_field", where + ".role", "is missing or not a string");
        }
        Role r = Role.fromWire(role.asText());
        if (r == null) {
            throw new ConversationFormatException(
                    "bad_role", where + ".role", "'" + role.asText() + "' is not one of system, user, assistant");
        }
        JsonNode content = n.get("content");
        if (content == null || content.isNull()) {
            throw new ConversationFormatException("missing_field", where + ".content", "is missing");
        }
        if (content.isTextual()) return new Message(r, List.of(new Part.Text(content.asText())));
        if (!content.isArray()) {
            throw new ConversationFormatException(
                    "bad_part", where + ".content", "is neither a string nor a list of parts");
        }
        List<Part> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) parts.add(part(content.get(j), where + ".content[" + j + "]"));
        return new Message(r, parts);
    }

    private static Part part(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new ConversationFormatException("bad_part", where, "is not an object");
        String type = n.path("type").asText("");
        switch (type) {
            case "text":
                return new Part.Text(requiredText(n, "text", where));
            case "tool_call":
                return new Part.ToolCall(requiredText(n, "tool", where), requiredText(n, "input", where));
            case "tool_output":
                return new Part.ToolOutput(requiredText(n, "output", where));
            default:
                throw new ConversationFormatException(
                        "bad_part", where + ".type", "'" + type + "' is not one of text, tool_call, tool_output");
        }
    }

    private static String requiredText(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ConversationFormatException("missing_field", where + "." + field, "is missing or not a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
