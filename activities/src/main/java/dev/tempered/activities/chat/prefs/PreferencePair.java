package dev.tempered.activities.chat.prefs;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Role;

/**
 * One line of a {@code preferences} artifact: for one prompt, a response a labeler ranked above
 * another. A ranking of K responses with ties yields one pair per two responses of different rank;
 * the pairs of one ranking share a {@link #group} so a reward model can keep them in one batch
 * element (InstructGPT: shuffling a ranking's pairs apart overfits).
 *
 * <p>{@code chosen} and {@code rejected} are whole conversations (the prompt's messages, then one
 * assistant reply), TRL's "implicit prompt" form: rendering either one gives exactly the tokens a
 * reward model scores. Their prompts must be equal and their replies must differ.
 *
 * @param group the ranking this pair comes from, e.g. {@code task-17/alice}; pairs of one group are
 *     one batch element
 * @param taskId the labeling task (one prompt with its K responses)
 * @param promptId the prompt's id in the prompt set (a held-out split is made by prompt)
 * @param labeler who ranked; {@code null} for pairs not from a person (synthetic fixtures)
 * @param chosenResponse id of the preferred response within the task, e.g. {@code r2}
 * @param rejectedResponse id of the other response
 * @param chosenRank 1-based rank of the preferred response (ties share a rank)
 * @param rejectedRank 1-based rank of the other response, greater than {@code chosenRank}
 * @param confidence in (0, 1]: how sure the label is (1 when the labeler gave no rating; a labeler's
 *     rating gap or a reviewer's resolution can lower it); the reward stage may weight or filter by it
 * @param chosen the prompt followed by the preferred reply
 * @param rejected the prompt followed by the other reply
 */
public record PreferencePair(
        String group,
        String taskId,
        String promptId,
        String labeler,
        String chosenResponse,
        String rejectedResponse,
        int chosenRank,
        int rejectedRank,
        double confidence,
        Conversation chosen,
        Conversation rejected) {

    /** Checks the rules a line must meet; throws {@link PreferenceFormatException} naming the field. */
    public PreferencePair {
        require(group, "group");
        require(taskId, "task_id");
        require(promptId, "prompt_id");
        require(chosenResponse, "chosen_response");
        require(rejectedResponse, "rejected_response");
        if (chosenResponse.equals(rejectedResponse)) {
            throw new PreferenceFormatException(
                    "same_response", "rejected_response", "is the chosen response '" + chosenResponse + "' itself");
        }
        if (chosenRank < 1 || rejectedRank <= chosenRank) {
            throw new PreferenceFormatException(
                    "bad_rank",
                    "rejected_rank",
                    "chosen rank " + chosenRank + " and rejected rank " + rejectedRank
                            + " do not say chosen is better (ranks start at 1, lower is better, ties make no pair)");
        }
        if (!(confidence > 0 && confidence <= 1)) {
            throw new PreferenceFormatException("bad_confidence", "confidence", confidence + " is not in (0, 1]");
        }
        if (chosen == null || rejected == null) {
            throw new PreferenceFormatException("missing_field", chosen == null ? "chosen" : "rejected", "is missing");
        }
        checkReply(chosen, "chosen");
        checkReply(rejected, "rejected");
        if (!chosen.withoutLast().messages().equals(rejected.withoutLast().messages())) {
            throw new PreferenceFormatException(
                    "prompt_mismatch", "rejected.messages", "differs from chosen's before the last reply");
        }
        if (chosen.last().equals(rejected.last())) {
            throw new PreferenceFormatException(
                    "identical_replies", "rejected", "has the same reply as chosen: such a pair teaches nothing");
        }
    }

    /** The prompt both replies answer (the messages before the reply). */
    public Conversation prompt() {
        return chosen.withoutLast();
    }

    private static void checkReply(Conversation c, String field) {
        if (c.messages().size() < 2) {
            throw new PreferenceFormatException("bad_conversation", field + ".messages", "needs a prompt and a reply");
        }
        Message last = c.last();
        if (last.role() != Role.ASSISTANT) {
            throw new PreferenceFormatException(
                    "bad_conversation", field + ".messages", "does not end with an assistant reply");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PreferenceFormatException("missing_field", field, "is missing or blank");
        }
    }
}
