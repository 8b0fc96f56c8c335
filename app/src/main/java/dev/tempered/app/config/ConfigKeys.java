package dev.tempered.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys {@code tempered.yaml} may hold, and the check that it holds no others. A misspelt key
 * would otherwise be ignored silently and its default used instead (a typo in {@code s3.endpoint}
 * means artifacts land in the embedded store), so every unknown key is named, with the nearest
 * known key when one is close, and the file is refused.
 */
final class ConfigKeys {
    /** Top-level scalars. */
    static final List<String> TOP_LEVEL = List.of("data_dir");

    /** Sections and their keys, in the order of the README's table. */
    static final Map<String, List<String>> SECTIONS = sections();

    /** A key this many edits from a known one is taken for a misspelling of it. */
    private static final int MAX_TYPO_DISTANCE = 2;

    private ConfigKeys() {}

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(
                "temporal",
                List.of("target", "namespace", "tls", "tls_cert", "tls_key", "api_key", "sticky_workflows", "ui_url"));
        m.put("s3", List.of("endpoint", "access_key", "secret_key", "bucket"));
        m.put("postgres", List.of("url", "user", "password"));
        m.put("web", List.of("host", "port", "allowed_hosts", "require_login_for_reads"));
        return m;
    }

    /** Throws naming every unknown key of {@code yaml} (read from {@code file}); an empty file passes. */
    static void check(JsonNode yaml, Path file) {
        if (yaml == null || yaml.isNull() || yaml.isMissingNode()) return;
        if (!yaml.isObject()) {
            String found = yaml.getNodeType().toString().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(file + ": expected a mapping of settings (data_dir, "
                    + String.join(", ", SECTIONS.keySet()) + "), found " + found);
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = yaml.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            List<String> sectionKeys = SECTIONS.get(key);
            if (TOP_LEVEL.contains(key)) continue;
            if (sectionKeys == null) {
                problems.add(unknown(key, "top level", knownTopLevel()));
            } else if (entry.getValue().isObject()) {
                for (Iterator<String> names = entry.getValue().fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!sectionKeys.contains(name)) {
                        problems.add(unknown(
                                key + "." + name,
                                key,
                                sectionKeys.stream().map(k -> key + "." + k).toList()));
                    }
                }
            } else if (!entry.getValue().isNull()) {
                problems.add("'" + key + "' must be a section (" + key + ": followed by indented keys: "
                        + String.join(", ", sectionKeys) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems) + ". Fix or remove "
                    + (problems.size() == 1 ? "it" : "them") + " (README, Configuration, lists every key).");
        }
    }

    private static String unknown(String path, String where, List<String> knownThere) {
        String message = "unknown key '" + path + "'";
        String nearest = nearest(path);
        if (nearest != null) message += " (did you mean '" + nearest + "'?)";
        return message + "; known at " + where + ": " + String.join(", ", knownThere);
    }

    private static List<String> knownTopLevel() {
        List<String> keys = new ArrayList<>(TOP_LEVEL);
        keys.addAll(SECTIONS.keySet());
        return keys;
    }

    /**
     * The known key path closest to {@code path}: compared whole ({@code s3.endpont}) and by its last
     * part alone, so that a key in the wrong section ({@code bucket} at the top) finds its home.
     */
    private static String nearest(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : allPaths()) {
            String knownLast = known.substring(known.lastIndexOf('.') + 1);
            int d = Math.min(editDistance(path, known), editDistance(last, knownLast));
            if (d < bestDistance && d <= Math.min(MAX_TYPO_DISTANCE, knownLast.length() / 2)) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    private static List<String> allPaths() {
        List<String> paths = new ArrayList<>(knownTopLevel());
        SECTIONS.forEach((section, keys) -> keys.forEach(k -> paths.add(section + "." + k)));
        return paths;
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit (optimal string alignment). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
