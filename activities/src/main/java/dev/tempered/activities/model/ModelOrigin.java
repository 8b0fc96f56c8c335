package dev.tempered.activities.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a checkpoint's model is, from its header's optional fields: a {@code base} model (pretrained
 * on text; the default when the fields are absent, as in every checkpoint written before chat
 * models existed) or a {@code chat} model (after SFT), which also names the tokenizer digest its
 * ids belong to and the chat template version it was trained on, so a chat front end can refuse a
 * model it would talk to in the wrong template.
 *
 * @param kind {@link #BASE_KIND} or {@link #CHAT_KIND}
 * @param tokenizer the tokenizer artifact's digest; null when unknown (base checkpoints)
 * @param renderVersion {@code ChatRenderer.VERSION} at training time; null for base models
 */
public record ModelOrigin(String kind, String tokenizer, Integer renderVersion) {
    public static final String BASE_KIND = "base";
    public static final String CHAT_KIND = "chat";
    /** A base model: nothing beyond the format's required fields. */
    public static final ModelOrigin BASE = new ModelOrigin(BASE_KIND, null, null);

    public ModelOrigin {
        if (!BASE_KIND.equals(kind) && !CHAT_KIND.equals(kind)) {
            throw new IllegalArgumentException("model kind must be base or chat, got '" + kind + "'");
        }
        if (CHAT_KIND.equals(kind) && (tokenizer == null || renderVersion == null)) {
            throw new IllegalArgumentException("a chat model names its tokenizer and render version");
        }
    }

    /** A chat model trained on ids of {@code tokenizer} rendered with template {@code renderVersion}. */
    public static ModelOrigin chat(String tokenizer, int renderVersion) {
        return new ModelOrigin(CHAT_KIND, tokenizer, renderVersion);
    }

    public boolean isChat() {
        return CHAT_KIND.equals(kind);
    }

    /** Adds the header fields; a plain base model adds none, so its bytes stay those of older builds. */
    void writeTo(ObjectNode header) {
        if (equals(BASE)) return;
        header.put("kind", kind);
        if (tokenizer != null) header.put("tokenizer", tokenizer);
        if (renderVersion != null) header.put("render_version", renderVersion);
    }

    /** From a header; missing fields mean a base model. */
    static ModelOrigin readFrom(JsonNode header, String source) {
        String kind = header.path("kind").asText(BASE_KIND);
        JsonNode tok = header.get("tokenizer");
        JsonNode rv = header.get("render_version");
        try {
            return new ModelOrigin(
                    kind,
                    tok == null || tok.isNull() ? null : tok.asText(),
                    rv == null || !rv.canConvertToInt() ? null : rv.asInt());
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source + ": header " + e.getMessage(), e);
        }
    }
}
