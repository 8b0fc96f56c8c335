package dev.tempered.web;

import dev.tempered.storage.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events written straight to the response, each {@code data} one line of JSON (so text
 * with newlines needs no framing rules). Nothing is committed until the first event: an error
 * before it still gets a normal 400/404 answer. A failed write means the client went away, which
 * {@link #open()} then reports so the producer can stop.
 */
final class EventStream {
    private final Context ctx;
    private OutputStream out;
    private boolean broken;

    EventStream(Context ctx) {
        this.ctx = ctx;
    }

    boolean started() {
        return out != null;
    }

    boolean open() {
        return !broken;
    }

    void send(String event, Object data) {
        if (broken) return;
        try {
            if (out == null) {
                ctx.status(200);
                ctx.contentType("text/event-stream; charset=utf-8");
                ctx.header("Cache-Control", "no-store");
                // The servlet stream itself: through Javalin's ctx.outputStream() the events arrived only when the
                // handler returned (PlaygroundTest caught it), which is no stream at all.
                out = ctx.res().getOutputStream();
            }
            out.write(("event: " + event + "\ndata: " + Json.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }
}
