package dev.tempered.activities.chat.ppo;

import java.util.List;

/**
 * What PPO maximises: one score per whole sequence (prompt, reply and its end token). The stage's
 * is a reward model ({@code RewardModel#score}); tests give constructed ones (a scorer that rewards
 * length is the reward-hacking case).
 */
@FunctionalInterface
public interface SequenceScorer {
    double[] score(List<int[]> sequences);
}
