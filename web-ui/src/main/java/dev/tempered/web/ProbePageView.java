package dev.tempered.web;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * One page of a probe's questions: the items matching an optional classification and an optional
 * verdict (an item matches a verdict when at least one of its answers got it), {@value #PAGE_SIZE}
 * to a page, with the links a filter bar needs. Each filter link shows how many items it would
 * list, keeping the other filter as it is, so the counts always add up to what a click shows.
 *
 * @param classification the classification filter, null for all
 * @param verdict the verdict filter, null for all
 * @param page 1-based; a page past the end shows no items rather than failing
 * @param matching how many items match both filters
 * @param first the 1-based position of {@code items}' first element among the matching items
 */
public record ProbePageView(
        ProbeResultsView results,
        String classification,
        String verdict,
        int page,
        int pages,
        int matching,
        int first,
        List<ProbeResultsView.Item> items,
        List<FilterLink> classificationLinks,
        List<FilterLink> verdictLinks) {

    public static final int PAGE_SIZE = 100;

    /** A filter choice: its label, how many items it lists, its URL, whether it is the one applied. */
    public record FilterLink(String value, String label, int count, String href, boolean active) {}

    /**
     * The filtered page.
     *
     * @param classification one of {@link ProbeResultsView#CLASSIFICATIONS} or null
     * @param verdict one of {@link ProbeResultsView#VERDICTS} or null
     */
    public static ProbePageView of(ProbeResultsView results, String classification, String verdict, int page) {
        List<ProbeResultsView.Item> all = results.items();
        List<ProbeResultsView.Item> matched = all.stream()
                .filter(byClassification(classification).and(byVerdict(verdict)))
                .toList();
        int pages = Math.max(1, (matched.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int from = (int) Math.min((long) (page - 1) * PAGE_SIZE, matched.size());
        int to = Math.min(from + PAGE_SIZE, matched.size());

        List<FilterLink> classificationLinks = new ArrayList<>();
        List<String> classifications = new ArrayList<>();
        classifications.add(null);
        classifications.addAll(ProbeResultsView.CLASSIFICATIONS);
        for (String c : classifications) {
            int count = count(all, byClassification(c).and(byVerdict(verdict)));
            classificationLinks.add(new FilterLink(
                    c, c == null ? "all" : c, count, href(results.digest(), c, verdict, 1), same(c, classification)));
        }
        List<FilterLink> verdictLinks = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        verdicts.add(null);
        verdicts.addAll(ProbeResultsView.VERDICTS);
        for (String v : verdicts) {
            int count = count(all, byClassification(classification).and(byVerdict(v)));
            verdictLinks.add(new FilterLink(
                    v,
                    v == null ? "any" : "a " + v + " answer",
                    count,
                    href(results.digest(), classification, v, 1),
                    same(v, verdict)));
        }
        return new ProbePageView(
                results,
                classification,
                verdict,
                page,
                pages,
                matched.size(),
                from + 1,
                matched.subList(from, to),
                classificationLinks,
                verdictLinks);
    }

    /** The page before this one with the same filters, or null on the first page. */
    public String previousHref() {
        return page <= 1 ? null : href(results.digest(), classification, verdict, Math.min(page - 1, pages));
    }

    /** The page after this one with the same filters, or null on the last page. */
    public String nextHref() {
        return page >= pages ? null : href(results.digest(), classification, verdict, page + 1);
    }

    /** The page URL; the values are from fixed vocabularies (checked by the route), so none needs encoding. */
    public static String href(String digest, String classification, String verdict, int page) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (classification != null) query.add("classification=" + classification);
        if (verdict != null) query.add("verdict=" + verdict);
        if (page > 1) query.add("page=" + page);
        return "/probes/" + digest + query;
    }

    private static Predicate<ProbeResultsView.Item> byClassification(String classification) {
        return i -> classification == null || classification.equals(i.classification());
    }

    private static Predicate<ProbeResultsView.Item> byVerdict(String verdict) {
        return i -> verdict == null || i.hasVerdict(verdict);
    }

    private static int count(List<ProbeResultsView.Item> items, Predicate<ProbeResultsView.Item> p) {
        int n = 0;
        for (ProbeResultsView.Item i : items) if (p.test(i)) n++;
        return n;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
