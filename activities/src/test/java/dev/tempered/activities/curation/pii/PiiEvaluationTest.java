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
 * Precision and recall of {@link PiiRedactor} per type against hand labels of 75 real mails from
 * the sample corpus ({@code pii/labels.jsonl}; see {@code pii/README.md} for how they were made):
 * 66 "dev" mails the patterns were tuned on and 9 "heldout" ones labelled afterwards.
 * A label's text stands for each of its occurrences in the mail (bounded by non-ASCII-alphanumerics);
 * a found span matches a gold span of the same type when they overlap by at least half of their
 * union (so {@code mailto:} or a trailing comma do not count as misses).
 */
class PiiEvaluationTest {
    /*
     * Bars are what we reach on all 75 mails less a margin (measured: e-mail 376/376 both ways, IP
     * 4/4, phone 67/67, address precision 11/11 and recall 11/16). Address recall stays under the
     * 0.7 we aimed for: the misses are Turkish, Korean, Hong Kong and letter-spaced addresses, which
     * the redactor does not try to find (see its class comment). IP has only four positives in
     * the whole corpus; PiiRedactorTest covers the formats.
     */
    private static final Map<PiiType, Double> PRECISION_BARS =
            Map.of(PiiType.EMAIL, 0.97, PiiType.IP, 0.9, PiiType.PHONE, 0.92, PiiType.ADDRESS, 0.85);
    private static final Map<PiiType, Double> RECALL_BARS =
            Map.of(PiiType.EMAIL, 0.97, PiiType.IP, 0.9, PiiType.PHONE, 0.92, PiiType.ADDRESS, 0.6);

    record Gold(PiiType type, int start, int end) {}

    @Test
    void precisionAndRecallPerTypeOnLabelledMails() throws IOException {
        List<JsonNode> labels = labels();
        StringBuilder misses = new StringBuilder();
        Map<PiiType, int[]> dev = tally(labels, "dev", misses);
        Map<PiiType, int[]> heldout = tally(labels, "heldout", misses);
        Map<PiiType, int[]> all = new EnumMap<>(PiiType.class);
        for (PiiType t : PiiType.values()) {
            int[] sum = new int[4];
            for (int i = 0; i < 4; i++) sum[i] = dev.get(t)[i] + heldout.get(t)[i];
            all.put(t, sum);
        }
        System.out.print(misses);
        print("dev (patterns written with these in view)", dev);
        print("held out (labelled after the patterns were fixed)", heldout);
        print("all", all);
        for (var e : all.entrySet()) {
            int[] t = e.getValue();
            double p = PRECISION_BARS.get(e.getKey());
            double r = RECALL_BARS.get(e.getKey());
            assertTrue((double) t[0] / t[1] >= p, e.getKey() + " precision under " + p);
            assertTrue((double) t[2] / t[3] >= r, e.getKey() + " recall under " + r);
        }
    }

    /** Per type: {found and right, found, gold and found, gold}. */
    private static Map<PiiType, int[]> tally(List<JsonNode> labels, String split, StringBuilder misses) {
        Map<PiiType, int[]> tally = new EnumMap<>(PiiType.class);
        for (PiiType t : PiiType.values()) tally.put(t, new int[4]);
        PiiRedactor redactor = new PiiRedactor();
        for (JsonNode mail : labels) {
            if (!mail.path("split").asText("dev").equals(split)) continue;
            String text = mail.get("text").asText();
            List<Gold> gold = gold(text, mail.get("spans"));
            score(text, gold, redactor.find(text), mail.get("mail").asText(), tally, misses);
        }
        return tally;
    }

    private static void print(String title, Map<PiiType, int[]> tally) {
        System.out.println(title);
        for (var e : tally.entrySet()) {
            int[] t = e.getValue();
            double p = t[1] == 0 ? 1 : (double) t[0] / t[1];
            double r = t[3] == 0 ? 1 : (double) t[2] / t[3];
            System.out.printf(
                    "  %-8s precision %.3f (%d/%d)  recall %.3f (%d/%d)%n", e.getKey(), p, t[0], t[1], r, t[2], t[3]);
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
            boolean inside = all.stream()
                    .anyMatch(o -> o != g
                            && o.type() == g.type()
                            && o.start() <= g.start()
                            && g.end() <= o.end()
                            && (o.end() - o.start()) > (g.end() - g.start()));
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

    /**
     * Tallies one text's found spans against its gold spans, per type {@code [true positives, found,
     * gold found, gold]}, and notes each miss with its source; shared by the evaluation tests.
     */
    static void score(
            String text,
            List<Gold> gold,
            List<PiiSpan> found,
            String source,
            Map<PiiType, int[]> tally,
            StringBuilder misses) {
        for (PiiSpan f : found) {
            int[] t = tally.get(f.type());
            t[1]++;
            if (gold.stream().anyMatch(g -> matches(g, f))) t[0]++;
            else
                misses.append("FP ")
                        .append(f.type())
                        .append(' ')
                        .append(source)
                        .append(": ")
                        .append(f.text().replace("\n", "\\n"))
                        .append('\n');
        }
        for (Gold g : gold) {
            int[] t = tally.get(g.type());
            t[3]++;
            if (found.stream().anyMatch(f -> matches(g, f))) t[2]++;
            else
                misses.append("FN ")
                        .append(g.type())
                        .append(' ')
                        .append(source)
                        .append(": ")
                        .append(text.substring(g.start(), g.end()).replace("\n", "\\n"))
                        .append('\n');
        }
    }
}
