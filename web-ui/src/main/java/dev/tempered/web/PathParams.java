package dev.tempered.web;

import dev.tempered.storage.DigestPrefixException;
import dev.tempered.storage.LineageStore;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads and validates the values routes take from the URL; a bad one is a 400 naming it. */
final class PathParams {
    /** The same rule the {@code pipeline_runs.id} column enforces. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private PathParams() {}

    static String runId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!RUN_ID.matcher(id).matches()) {
            throw new BadRequestResponse("run id '" + shorten(id)
                    + "' may contain only letters, digits, '.', '_' and '-' (1 to 128 of them)");
        }
        return id;
    }

    /**
     * The artifact the {@code digest} path parameter names: the full digest or a unique prefix
     * (the 12 characters pages print), resolved where the CLI resolves them. Unknown is a 404,
     * ambiguous or malformed a 400, each with the resolver's one-line message.
     */
    static String digest(Context ctx, LineageStore lineage) {
        return resolveDigest(ctx.pathParam("digest"), "", lineage);
    }

    /**
     * The artifact a query parameter or form field ({@code ?model=}, {@code ?a=}) names, as a full
     * digest or a unique prefix, resolved as {@link #digest} resolves path parameters; null when it
     * is absent or empty. Unknown is a 404, ambiguous or malformed a 400, naming the parameter.
     */
    static String digestField(Context ctx, String name, LineageStore lineage) {
        String typed = field(ctx, name);
        if (typed == null || typed.isEmpty()) return null;
        return resolveDigest(typed, "query parameter " + name + ": ", lineage);
    }

    private static String resolveDigest(String typed, String where, LineageStore lineage) {
        if (typed.length() > 64) {
            throw new BadRequestResponse(where + "'" + shorten(typed)
                    + "' is not an artifact digest (64 lower-case hex characters of sha256)");
        }
        try {
            return lineage.resolveDigest(typed);
        } catch (DigestPrefixException e) {
            if (e.ambiguous()) throw new BadRequestResponse(where + e.getMessage());
            throw new NotFoundResponse(where + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(where + e.getMessage());
        }
    }

    static UUID stageRunId(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            if (id.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("stage run id '" + shorten(id) + "' is not a UUID (8-4-4-4-12 hex digits)");
        }
    }

    /**
     * A field of a posted form, else the query parameter of that name (GET routes have only those).
     * Only a form body is read as fields: a JSON body holding {@code &model=…} in some text must
     * not be taken for one.
     */
    static String field(Context ctx, String name) {
        String type = ctx.contentType();
        boolean form =
                type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        String posted = form ? ctx.formParam(name) : null;
        return posted != null ? posted : ctx.queryParam(name);
    }

    /** An optional integer query parameter (or form field) within [min, max]. */
    static long longQuery(Context ctx, String name, long fallback, long min, long max) {
        String raw = field(ctx, name);
        if (raw == null || raw.isEmpty()) return fallback;
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("query parameter " + name + "='" + shorten(raw) + "' must be an integer from "
                    + min + " to " + max);
        }
    }

    /** Echoing a value back is useful; echoing a megabyte of it is not. */
    static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
