package dev.tempered.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code probe-results} document (tempered.probe-results/v1) as the probe stage writes it, about a
 * fictional encyclopedia. Item 0 is hand-written ("Where was Tessa Quorn born?", never answered
 * right, mined as a refusal); the rest follow a pattern by {@code i % 5} so tests know the counts:
 *
 * <pre>
 * i % 5   answers (k = 5)                      classification  mined
 *   0     4 correct, 1 wrong                   known           answer
 *   1     5 correct                            known           answer
 *   2     5 wrong                              unknown         refusal
 *   3     4 wrong, 1 refused                   unknown         refusal
 *   4     2 correct, 2 wrong, 1 refused        unstable        nothing
 * </pre>
 *
 * Item 0 is the exception to its residue: 4 wrong and 1 refused, unknown, mined as a refusal. So
 * for n = 230: 91 known, 93 unknown, 46 unstable; 137 items with a correct answer, 184 with a
 * wrong one, 93 with a refusal. One of item 0's answers holds a script tag.
 */
final class ProbeFixture {
    static final String HOSTILE_ANSWER = "Ilse Varn was born in <script>document.title='pwned'</script> Korvath.";

    private static final String[] FIRST = {"Tessa", "Oren", "Mireille", "Dagny", "Corwin", "Liesl", "Pavo", "Ysolde"};
    private static final String[] LAST = {"Quorn", "Malvik", "Thessaly", "Brandecker", "Oyelaran", "Vantreese", "Kell"};
    private static final String[] TOWNS = {"Velmora", "Ostrava Minor", "Kettlewick", "Sarn", "Duvessa", "Harrowmere"};

    private ProbeFixture() {}

    static Map<String, Object> results(String model, String tokenizer, String questions, int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item(
                "facts-s1-e000042-birthplace",
                "Tessa Quorn",
                "birthplace",
                "Where was Tessa Quorn born?",
                "Velmora",
                List.of(
                        answer("Tessa Quorn was born in Ostrava.", "wrong"),
                        answer("I don't know.", "refused"),
                        answer("She was born in Kettlewick.", "wrong"),
                        answer(HOSTILE_ANSWER, "wrong"),
                        answer("Tessa Quorn was born in Sarn, a river town.", "wrong")),
                "unknown",
                "refusal",
                "I'm not sure; I have no reliable information about Tessa Quorn's birthplace."));
        for (int i = 1; i < n; i++) items.add(patterned(i));
        int known = 0;
        int unknown = 0;
        int unstable = 0;
        for (Map<String, Object> it : items) {
            switch ((String) it.get("classification")) {
                case "known" -> known++;
                case "unknown" -> unknown++;
                default -> unstable++;
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("samples", 5);
        settings.put("min_correct", 3);
        settings.put("temperature", 0.7);
        settings.put("top_k", 0);
        settings.put("top_p", 1.0);
        settings.put("max_tokens", 48);
        settings.put("seed", 0);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("questions", items.size());
        counts.put("known", known);
        counts.put("unknown", unknown);
        counts.put("unstable", unstable);
        counts.put("mined_refusals", unknown);
        counts.put("mined_answers", known);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "tempered.probe-results/v1");
        doc.put("model", model);
        doc.put("tokenizer", tokenizer);
        doc.put("questions", questions);
        doc.put("settings", settings);
        doc.put("counts", counts);
        doc.put("items", items);
        return doc;
    }

    private static Map<String, Object> patterned(int i) {
        String person = FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length) % LAST.length];
        String town = TOWNS[i % TOWNS.length];
        String wrongTown = TOWNS[(i + 1) % TOWNS.length];
        String id = String.format(Locale.ROOT, "facts-s1-e%06d-birthplace", 100 + i);
        String right = person + " was born in " + town + ".";
        String wrong = person + " was born in " + wrongTown + ".";
        String refused = "I don't know where " + person + " was born.";
        List<Map<String, Object>> answers = switch (i % 5) {
            case 0 -> List.of(c(right), c(right), w(wrong), c(right), c(right));
            case 1 -> List.of(c(right), c(right), c(right), c(right), c(right));
            case 2 -> List.of(w(wrong), w(wrong), w(wrong), w(wrong), w(wrong));
            case 3 -> List.of(w(wrong), answer(refused, "refused"), w(wrong), w(wrong), w(wrong));
            default -> List.of(c(right), w(wrong), answer(refused, "refused"), c(right), w(wrong));
        };
        String classification = switch (i % 5) {
            case 0, 1 -> "known";
            case 2, 3 -> "unknown";
            default -> "unstable";
        };
        String mined = switch (classification) {
            case "known" -> "answer";
            case "unknown" -> "refusal";
            default -> null;
        };
        String minedReply = switch (classification) {
            case "known" -> right;
            case "unknown" -> "I'm not sure where " + person + " was born.";
            default -> null;
        };
        return item(
                id,
                person,
                "birthplace",
                "Where was " + person + " born?",
                town,
                answers,
                classification,
                mined,
                minedReply);
    }

    private static Map<String, Object> item(
            String id,
            String entity,
            String attribute,
            String question,
            String reference,
            List<Map<String, Object>> answers,
            String classification,
            String mined,
            String minedReply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("entity", entity);
        m.put("attribute", attribute);
        m.put("question", question);
        m.put("reference", reference);
        m.put("answers", answers);
        m.put(
                "correct",
                answers.stream().filter(a -> a.get("verdict").equals("correct")).count());
        m.put(
                "refused",
                answers.stream().filter(a -> a.get("verdict").equals("refused")).count());
        m.put(
                "wrong",
                answers.stream().filter(a -> a.get("verdict").equals("wrong")).count());
        m.put("classification", classification);
        m.put("mined", mined);
        m.put("mined_reply", minedReply);
        return m;
    }

    private static Map<String, Object> c(String text) {
        return answer(text, "correct");
    }

    private static Map<String, Object> w(String text) {
        return answer(text, "wrong");
    }

    private static Map<String, Object> answer(String text, String verdict) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("text", text);
        a.put("verdict", verdict);
        return a;
    }
}
