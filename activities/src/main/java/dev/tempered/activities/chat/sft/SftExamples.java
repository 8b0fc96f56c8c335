package dev.tempered.activities.chat.sft;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.chat.Role;
import dev.tempered.activities.chat.tasks.HeldOutSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid conversations rendered for SFT: each cut to at most {@code context + 1} tokens (one
 * window), split into training and validation conversations, with counts of what was cut or dropped.
 *
 * <p>The validation split is a small part of the <em>training</em> conversations, chosen by
 * {@link HeldOutSplit} on the first user message's text (the same question asked twice lands on the
 * same side) with the prefix {@value #SPLIT_SALT}: synthesize already removed its own held-out
 * items with the unsalted hash, so without the salt every remaining item would hash above that
 * fraction and a smaller validation fraction would select none. Nothing here reads synthesize's
 * {@code heldout} artifact; that stays for {@code evaluate}.
 *
 * <p>A conversation left with no trained token after cutting (its first user turn alone fills the
 * window) is dropped and counted: a window of only such conversations would have no loss.
 */
public record SftExamples(List<RenderedConversation> train, List<RenderedConversation> validation, Counts counts) {
    /** Prefix of the split key; see the class comment. */
    public static final String SPLIT_SALT = "sft-validation:";

    /**
     * @param conversations valid conversations rendered
     * @param validation of those, kept for {@code val_loss}
     * @param cutAtTurn cut after the last assistant turn that fits
     * @param cutMidTurn even the first exchange did not fit: cut inside a turn (still trained when a trained token is left)
     * @param untrainable dropped: no trained token left after the cut
     * @param trainTokens tokens of the training conversations (padding not counted)
     * @param trainedTokens of those, tokens whose mask is 1 (the loss is over these)
     */
    public record Counts(
            int conversations,
            int validation,
            int cutAtTurn,
            int cutMidTurn,
            int untrainable,
            long trainTokens,
            long trainedTokens) {}

    public static SftExamples prepare(
            List<Conversation> conversations, ChatRenderer renderer, int context, double validationFraction) {
        List<RenderedConversation> train = new ArrayList<>();
        List<RenderedConversation> validation = new ArrayList<>();
        int atTurn = 0;
        int midTurn = 0;
        int untrainable = 0;
        long tokens = 0;
        long trained = 0;
        for (Conversation c : conversations) {
            RenderedConversation r = renderer.render(c, context + 1);
            if (r.cut() == RenderedConversation.Cut.TURN_BOUNDARY) atTurn++;
            if (r.cut() == RenderedConversation.Cut.MID_TURN) midTurn++;
            // mask[0] is BOS's; only targets 1..n count.
            if (r.trainedTokens() == 0) {
                untrainable++;
                continue;
            }
            if (HeldOutSplit.isHeldOut(SPLIT_SALT + splitKey(c), validationFraction)) {
                validation.add(r);
            } else {
                train.add(r);
                tokens += r.ids().length;
                trained += r.trainedTokens();
            }
        }
        return new SftExamples(
                train,
                validation,
                new Counts(conversations.size(), validation.size(), atTurn, midTurn, untrainable, tokens, trained));
    }

    /** The first user message's text, or the id for a conversation without one (the validator requires one). */
    static String splitKey(Conversation c) {
        for (Message m : c.messages()) if (m.role() == Role.USER) return m.text();
        return String.valueOf(c.id());
    }
}
