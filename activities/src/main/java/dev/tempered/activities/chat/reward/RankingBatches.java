package dev.tempered.activities.chat.reward;

import dev.tempered.activities.model.TokenWindows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training rankings in a seeded order that changes every epoch, drawn {@code n} at a time, with
 * a position ({@code epoch}, {@code index}) a checkpoint saves so a resumed run draws exactly the
 * rankings it would have. A ranking is never split across steps.
 */
public final class RankingBatches {
    private final List<RankingGroup> groups;
    private final long seed;
    private long epoch;
    private int index;
    private List<Integer> order;

    public RankingBatches(List<RankingGroup> groups, long seed) {
        if (groups.isEmpty()) throw new IllegalArgumentException("no ranking to train on");
        this.groups = List.copyOf(groups);
        this.seed = seed;
        this.order = orderOf(0);
    }

    /** The next {@code n} rankings (wrapping into the next epoch). */
    public List<RankingGroup> next(int n) {
        List<RankingGroup> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (index == order.size()) {
                epoch++;
                index = 0;
                order = orderOf(epoch);
            }
            out.add(groups.get(order.get(index++)));
        }
        return out;
    }

    public TokenWindows.Position position() {
        return new TokenWindows.Position(epoch, index);
    }

    public void seek(TokenWindows.Position p) {
        if (p.index() < 0 || p.index() > groups.size()) {
            throw new IllegalArgumentException("ranking position " + p.index() + " is outside an epoch of " + groups.size());
        }
        epoch = p.epoch();
        index = (int) p.index();
        order = orderOf(epoch);
    }

    private List<Integer> orderOf(long e) {
        List<Integer> o = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) o.add(i);
        Collections.shuffle(o, new Random(seed * 1_000_003L + e));
        return o;
    }
}
