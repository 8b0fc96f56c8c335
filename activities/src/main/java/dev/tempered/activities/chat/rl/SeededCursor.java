package dev.tempered.activities.chat.rl;

import dev.tempered.activities.model.TokenWindows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Items (reward-model rankings, RL prompts) in a seeded order that changes every epoch, drawn
 * {@code n} at a time, with a position ({@code epoch}, {@code index}) a checkpoint saves so that a
 * resumed run draws exactly the items it would have.
 */
public final class SeededCursor<T> {
    private final List<T> items;
    private final long seed;
    private long epoch;
    private int index;
    private List<Integer> order;

    public SeededCursor(List<T> items, long seed) {
        if (items.isEmpty()) throw new IllegalArgumentException("no item to draw from");
        this.items = List.copyOf(items);
        this.seed = seed;
        this.order = orderOf(0);
    }

    /** The next {@code n} items (wrapping into the next epoch). */
    public List<T> next(int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (index == order.size()) {
                epoch++;
                index = 0;
                order = orderOf(epoch);
            }
            out.add(items.get(order.get(index++)));
        }
        return out;
    }

    public int size() {
        return items.size();
    }

    public TokenWindows.Position position() {
        return new TokenWindows.Position(epoch, index);
    }

    public void seek(TokenWindows.Position p) {
        if (p.index() < 0 || p.index() > items.size()) {
            throw new IllegalArgumentException("position " + p.index() + " is outside an epoch of " + items.size());
        }
        epoch = p.epoch();
        index = (int) p.index();
        order = orderOf(epoch);
    }

    private List<Integer> orderOf(long e) {
        List<Integer> o = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) o.add(i);
        Collections.shuffle(o, new Random(seed * 1_000_003L + e));
        return o;
    }
}
