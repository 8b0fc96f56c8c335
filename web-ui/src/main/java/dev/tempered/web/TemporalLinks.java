package dev.tempered.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links from a run to its workflow in the Temporal Web UI, when one is configured (a Temporal
 * cluster or Cloud has one; the embedded test server has none, and then pages show the ids as text).
 *
 * @param uiUrl     the Web UI's base URL ({@code http://localhost:8233}), or null for none
 * @param namespace the namespace the workflows run in
 */
public record TemporalLinks(String uiUrl, String namespace) {
    public static final TemporalLinks NONE = new TemporalLinks(null, "default");

    public TemporalLinks {
        if (uiUrl != null && !(uiUrl.startsWith("http://") || uiUrl.startsWith("https://"))) {
            throw new IllegalArgumentException(
                    "temporal.ui_url must be an http:// or https:// URL of the Temporal Web UI, got '" + uiUrl + "'");
        }
        if (uiUrl != null) uiUrl = uiUrl.replaceAll("/+$", "");
        if (namespace == null || namespace.isBlank()) namespace = "default";
    }

    /** The workflow's history page, or null without a Web UI. */
    public String workflowHref(String workflowId, String runId) {
        if (uiUrl == null) return null;
        String href = uiUrl + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
        return runId == null ? href : href + "/" + encode(runId) + "/history";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
