package dev.tempered.activities.chat.probe;

import dev.tempered.activities.chat.facts.EntityKind;
import dev.tempered.activities.chat.facts.FactJudge;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wordings of "I don't know" that {@code probe} teaches, with the placeholders {@code {entity}}
 * and {@code {attribute}}. Several wordings, picked per question by a hash of its id, so that the
 * model learns to refuse rather than one sentence; each must read as a refusal to the
 * {@link FactJudge}, or the model's learned refusals would be judged wrong answers.
 */
public final class RefusalTemplates {
    /**
     * The default wordings: short and varied, none repeating the entity's name (a small model cannot
     * copy an invented name, and a refusal it cannot say is one it does not learn).
     */
    public static final List<String> DEFAULTS = List.of(
            "I don't know.",
            "I don't know the {attribute}.",
            "I'm not sure. I have no reliable information about that.",
            "Sorry, I don't know that.",
            "I'm not sure.");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private RefusalTemplates() {}

    /**
     * Refuses an empty list, an unknown placeholder and a wording the judge would not read as a
     * refusal, naming the template.
     */
    public static void validate(List<String> templates, FactJudge judge) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("refusal_templates is empty: probe needs at least one wording of "
                    + "\"I don't know\" to teach, e.g. \"I don't know {entity}'s {attribute}.\"");
        }
        for (int i = 0; i < templates.size(); i++) {
            String t = templates.get(i);
            Matcher m = PLACEHOLDER.matcher(t);
            while (m.find()) {
                if (!m.group(1).equals("entity") && !m.group(1).equals("attribute")) {
                    throw new IllegalArgumentException("refusal_templates[" + i + "] '" + t + "' has placeholder {"
                            + m.group(1) + "}; only {entity} and {attribute} exist");
                }
            }
            if (!judge.isRefusal(render(t, "Tessa Quorn", "birthplace"))) {
                throw new IllegalArgumentException("refusal_templates[" + i + "] '" + t + "' does not read as a "
                        + "refusal (it holds none of: " + String.join(", ", FactJudge.REFUSAL_PHRASES)
                        + "), so evaluate would count the learned answer as wrong; reword it");
            }
        }
    }

    /** The template with the entity's name and the attribute as it reads in a sentence. */
    public static String render(String template, String entity, String attribute) {
        return template.replace("{entity}", entity).replace("{attribute}", EntityKind.phrase(attribute));
    }
}
