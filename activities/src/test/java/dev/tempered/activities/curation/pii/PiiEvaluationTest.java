package dev.tempered.activities.curation.pii;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of {@link PiiRedactor} per type against hand labels of 66 real mails from
 * the sample corpus ({@code pii/labels.jsonl}; see {@code pii/README.md} for how they were made).
 * A label's text stands for each of its occurrences in the mail (bounded by non-ASCII-alphanumerics);
 * a found span matches a gold span of the same type when they overlap by at least half of their
 * union (so {@code mailto:} or a trailing comma do not count as misses).
 */
class PiiEvaluationTest {
    private static final Map<PiiType, Double> BARS = Map.of(
            PiiType.EMAIL, 0.95, PiiType.IP, 0.9, PiiType.PHONE, 0.85, PiiType.ADDRESS, 0.7);

    record Gold(PiiType type, int start, int end) {}

    @Test
    void precisionAndRecallPerTypeOnLabelledMails() throws IOException {
        Map<PiiType, int[]> tally = new EnumMap<>(PiiType.class); // {tp found, found, tp gold, gold}
        for (PiiType t : PiiType.values()) tally.put(t, new int[4]);
        StringBuilder misses = new StringBuilder();
        PiiRedactor redactor = new PiiRedactor();
        for (JsonNode mail : labels()) {
            String text = mail.get("text").asText();
            List<Gold> gold = gold(text, mail.get("spans"));
            List<PiiSpan> found = redactor.find(text);
            for (PiiSpan f : found) {
                int[] t = tally.get(f.type());
                t[1]++;
                if (gold.stream().anyMatch(g -> matches(g, f))) t[0]++;
                else misses.append("FP ").append(f.type()).append(' ').append(mail.get("mail").asText())
                        .append(": ").append(f.text().replace("\n", "\\n")).append('\n');
            }
            for (Gold g : gold) {
                int[] t = tally.get(g.type());
                t[3]++;
                if (found.stream().anyMatch(f -> matches(g, f))) t[2]++;
                else misses.append("FN ").append(g.type()).append(' ').append(mail.get("mail").asText())
                        .append(": ").append(text.substring(g.start(), g.end()).replace("\n", "\\n")).append('\n');
            }
        }
        System.out.print(misses);
        for (var e : tally.entrySet()) {
            int[] t = e.getValue();
            double p = t[1] == 0 ? 1 : (double) t[0] / t[1];
            double r = t[3] == 0 ? 1 : (double) t[2] / t[3];
            System.out.printf("%-8s precision %.3f (%d/%d)  recall %.3f (%d/%d)%n", e.getKey(), p, t[0], t[1], r, t[2], t[3]);
        }
        for (var e : tally.entrySet()) {
            int[] t = e.getValue();
            double bar = BARS.get(e.getKey());
            assertTrue((double) t[0] / t[1] >= bar, e.getKey() + " precision under " + bar);
            assertTrue((double) t[2] / t[3] >= bar, e.getKey() + " recall under " + bar);
        }
    }

    static List<JsonNode> labels() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = PiiEvaluationTest.class.getResourceAsStream("/pii/labels.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) out.add(json.readTree(line));
            }
        }
        return out;
    }

    static List<Gold> gold(String text, JsonNode spans) {
        List<Gold> all = new ArrayList<>();
        for (JsonNode s : spans) {
            PiiType type = PiiType.valueOf(s.get("type").asText());
            String needle = s.get("text").asText();
            int found = 0;
            for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
                int end = i + needle.length();
                boolean bounded = (i == 0 || !isAsciiAlnum(text.charAt(i - 1)))
                        && (end == text.length() || !isAsciiAlnum(text.charAt(end)));
                if (bounded) {
                    all.add(new Gold(type, i, end));
                    found++;
                }
            }
            if (found == 0) throw new IllegalStateException("label " + needle + " not found in its mail");
        }
        // "0816-6623109" inside "0086-0816-6623109" is one number, not two.
        List<Gold> out = new ArrayList<>();
        for (Gold g : all) {
            boolean inside = all.stream().anyMatch(o -> o != g && o.type() == g.type() && o.start() <= g.start()
                    && g.end() <= o.end() && (o.end() - o.start()) > (g.end() - g.start()));
            if (!inside && !out.contains(g)) out.add(g);
        }
        return out;
    }

    private static boolean isAsciiAlnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    static boolean matches(Gold g, PiiSpan f) {
        if (g.type() != f.type()) return false;
        int inter = Math.min(g.end(), f.end()) - Math.max(g.start(), f.start());
        int union = Math.max(g.end(), f.end()) - Math.min(g.start(), f.start());
        return inter > 0 && inter * 2 >= union;
    }
}
