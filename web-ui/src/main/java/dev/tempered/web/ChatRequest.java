package dev.tempered.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation a Chat page posts ({@code {"messages":[{"role","content":[parts]}]}}), read and
 * checked: user and assistant alternate starting with the user, the last message is the user's,
 * parts have known types and sizes stay within bounds. A 400 names the field ({@code
 * messages[3].content[0].text}) and what is wrong.
 *
 * <p>The body must be {@code application/json}: a cross-site form cannot send that type without a
 * CORS preflight, which this server never grants, so no other page can make a visitor's browser
 * spend this server's CPU on a chat.
 */
final class ChatRequest {
    static final int MAX_MESSAGES = 64;
    static final int MAX_PART_CHARS = PlaygroundSettings.MAX_PROMPT_CHARS;
    static final int MAX_TOTAL_CHARS = 64_000;

    private ChatRequest() {}

    static List<ChatMessage> messages(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new HttpResponseException(
                    415, "the chat request body must be application/json, got '" + PathParams.shorten(type) + "'");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestResponse("the chat request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the chat request body", e);
        }
        return parse(body);
    }

    static List<ChatMessage> parse(JsonNode body) {
        JsonNode ms = body == null ? null : body.get("messages");
        if (ms == null || !ms.isArray() || ms.isEmpty())
            throw new BadRequestResponse("messages must be a non-empty list of {role, content}");
        if (ms.size() > MAX_MESSAGES) {
            throw new BadRequestResponse("messages holds " + ms.size() + " messages; a chat takes at most "
                    + MAX_MESSAGES + " (reset the conversation)");
        }
        List<ChatMessage> out = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < ms.size(); i++) {
            String where = "messages[" + i + "]";
            JsonNode m = ms.get(i);
            String expected = i % 2 == 0 ? ChatMessage.USER : ChatMessage.ASSISTANT;
            String role = m.path("role").asText("");
            if (!role.equals(expected)) {
                throw new BadRequestResponse(where + ".role is '" + PathParams.shorten(role) + "' but '" + expected
                        + "' was expected (user and assistant alternate, starting with the user)");
            }
            JsonNode content = m.get("content");
            List<ChatMessage.ChatPart> parts = new ArrayList<>();
            if (content != null && content.isTextual()) {
                parts.add(ChatMessage.ChatPart.text(content.asText()));
            } else if (content != null && content.isArray() && !content.isEmpty()) {
                for (int j = 0; j < content.size(); j++) parts.add(part(content.get(j), where + ".content[" + j + "]"));
            } else {
                throw new BadRequestResponse(where + ".content must be text or a non-empty list of parts");
            }
            if (role.equals(ChatMessage.USER) && !parts.get(0).type().equals(ChatMessage.ChatPart.TEXT)) {
                throw new BadRequestResponse(where + ".content: a user message is text only");
            }
            for (ChatMessage.ChatPart p : parts) {
                for (String s : new String[] {p.text(), p.input(), p.output()}) {
                    if (s != null) total += s.length();
                }
            }
            out.add(new ChatMessage(role, parts));
        }
        if (ms.size() % 2 == 0) {
            throw new BadRequestResponse("messages[" + (ms.size() - 1)
                    + "] is the assistant's; the conversation sent must end with the user's message");
        }
        if (out.get(out.size() - 1).content().get(0).text().isBlank()) {
            throw new BadRequestResponse("messages[" + (ms.size() - 1) + "].content is empty; type a message");
        }
        if (total > MAX_TOTAL_CHARS) {
            throw new BadRequestResponse(
                    "the conversation is " + total + " characters long; a chat takes at most " + MAX_TOTAL_CHARS);
        }
        return out;
    }

    private static ChatMessage.ChatPart part(JsonNode p, String where) {
        String type = p.path("type").asText("");
        return switch (type) {
            case ChatMessage.ChatPart.TEXT -> ChatMessage.ChatPart.text(field(p, "text", where));
            case ChatMessage.ChatPart.TOOL_CALL -> ChatMessage.ChatPart.toolCall(field(p, "input", where));
            case ChatMessage.ChatPart.TOOL_OUTPUT -> ChatMessage.ChatPart.toolOutput(field(p, "output", where));
            default ->
                throw new BadRequestResponse(
                        where + ".type is '" + PathParams.shorten(type) + "'; one of text, tool_call, tool_output");
        };
    }

    private static String field(JsonNode p, String name, String where) {
        JsonNode v = p.get(name);
        if (v == null || !v.isTextual()) throw new BadRequestResponse(where + "." + name + " must be a string");
        String s = v.asText();
        if (s.length() > MAX_PART_CHARS) {
            throw new BadRequestResponse(
                    where + "." + name + " is " + s.length() + " characters long; at most " + MAX_PART_CHARS);
        }
        return s;
    }
}
