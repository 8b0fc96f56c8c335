package dev.tempered.activities.curation.filters;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small Aho–Corasick automaton over chars: finds the first of many words occurring as a
 * substring of a text in one pass, whatever the number of words. Built once, then read-only and
 * safe to share between threads.
 */
final class AhoCorasick {
    private final List<Map<Character, Integer>> next = new ArrayList<>();
    private final List<Integer> fail = new ArrayList<>();
    /** For each state, a word ending here or at a state on its failure chain, else null. */
    private final List<String> output = new ArrayList<>();

    AhoCorasick(Collection<String> words) {
        newState();
        for (String w : words) {
            if (w.isEmpty()) continue;
            int s = 0;
            for (int i = 0; i < w.length(); i++) {
                Integer t = next.get(s).get(w.charAt(i));
                if (t == null) {
                    t = newState();
                    next.get(s).put(w.charAt(i), t);
                }
                s = t;
            }
            if (output.get(s) == null) output.set(s, w);
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : next.get(0).values()) {
            fail.set(child, 0);
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (Map.Entry<Character, Integer> e : next.get(s).entrySet()) {
                int child = e.getValue();
                int f = fail.get(s);
                while (f != 0 && !next.get(f).containsKey(e.getKey())) f = fail.get(f);
                Integer target = next.get(f).get(e.getKey());
                fail.set(child, target != null && target != child ? target : 0);
                if (output.get(child) == null) output.set(child, output.get(fail.get(child)));
                queue.add(child);
            }
        }
    }

    private int newState() {
        next.add(new HashMap<>());
        fail.add(0);
        output.add(null);
        return next.size() - 1;
    }

    /** The first word (by end position) found in {@code text}, or null. */
    String firstMatch(String text) {
        int s = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            while (s != 0 && !next.get(s).containsKey(c)) s = fail.get(s);
            Integer t = next.get(s).get(c);
            s = t == null ? 0 : t;
            if (output.get(s) != null) return output.get(s);
        }
        return null;
    }
}
