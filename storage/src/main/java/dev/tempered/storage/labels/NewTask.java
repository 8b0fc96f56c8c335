package dev.tempered.storage.labels;

import java.util.List;

/**
 * A task to create: a prompt and its K model responses.
 *
 * @param reference the checker's reference answer, or null (never shown to people)
 * @param goldResponse for a gold task the position of the response known to be best, else null
 */
public record NewTask(String prompt, String reference, Integer goldResponse, List<NewResponse> responses) {
    /**
     * One model response.
     *
     * @param text what labelers see (tool calls written inline)
     * @param conversationJson the prompt and this reply as one conversation, in the conversations format
     */
    public record NewResponse(String text, String conversationJson) {}

    public NewTask {
        responses = List.copyOf(responses);
        if (goldResponse != null && (goldResponse < 0 || goldResponse >= responses.size()))
            throw new IllegalArgumentException(
                    "gold response " + goldResponse + " is not one of the task's " + responses.size() + " responses");
    }
}
