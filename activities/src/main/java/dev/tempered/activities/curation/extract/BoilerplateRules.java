package dev.tempered.activities.curation.extract;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Which elements of a page are boilerplate by their markup alone: tag, ARIA role, or a keyword in
 * their class or id. Our own list, in the spirit of trafilatura's and readability's: page chrome
 * (navigation, headers, footers, sidebars, breadcrumbs, pagination, tables of contents), widgets
 * (share buttons, comments, related links, newsletters, cookie and consent banners, pop-ups) and
 * ads. Decisions that need text statistics (link density, the share of the page an element
 * holds) are made by {@link MainTextExtractor}, not here.
 */
final class BoilerplateRules {
    /**
     * Never text: scripts, styles, embedded media, and form controls. Not {@code <form>} itself:
     * an unclosed or table-straddling form in a 2002 newsletter, or ASP.NET's page-wide form, holds
     * the whole article ({@link MainTextExtractor} treats a small form as chrome instead).
     */
    static final Set<String> INVISIBLE_TAGS = Set.of(
            "script",
            "style",
            "noscript",
            "template",
            "svg",
            "math",
            "iframe",
            "object",
            "embed",
            "canvas",
            "video",
            "audio",
            "map",
            "head",
            "link",
            "meta",
            "button",
            "select",
            "input",
            "textarea",
            "option",
            "label",
            "dialog");

    /** Structural chrome in HTML5. {@code header} is judged separately: some pages put text in it. */
    static final Set<String> CHROME_TAGS = Set.of("nav", "aside", "footer", "menu");

    static final Set<String> CHROME_ROLES = Set.of(
            "navigation",
            "banner",
            "contentinfo",
            "complementary",
            "search",
            "menu",
            "menubar",
            "dialog",
            "alertdialog",
            "tooltip");

    /**
     * Keywords matched anywhere inside a class or id ({@code site-footer}, {@code sphinxsidebar},
     * {@code navheader}). Only words long enough not to occur inside content words.
     */
    private static final Pattern ANYWHERE =
            Pattern.compile("sidebar|navbar|navigation|breadcrumb|pagination|pager|footer|header|masthead|banner|"
                    + "cookie|consent|gdpr|advert|sponsor|social|sharing|share-|sharebar|related|comment|"
                    + "disqus|newsletter|subscribe|signup|popup|modal|promo|outbrain|taboola|widget|skiplink|"
                    + "skip-link|menu|docnav|topbar|toolbar|byline-share|tagcloud|tag-cloud|"
                    + "searchbox|search-form|searchform|language-switch|langswitch|version-switch|rating");

    /** Short keywords that must be a whole word of the class or id ({@code nav}, {@code ad}, {@code toc}). */
    private static final Pattern WHOLE_WORD =
            Pattern.compile("(?:^|[^a-z0-9])(?:nav|ad|ads|adv|toc|share|search|print|rss|login|tags|meta|hidden|"
                    + "hide|sr-only|visually-hidden|prev|next|previous|crumbs|mobile-nav)(?:$|[^a-z0-9])");

    private BoilerplateRules() {}

    static boolean isInvisible(Element el) {
        if (INVISIBLE_TAGS.contains(el.normalName())) return true;
        if (el.hasAttr("hidden") || "true".equalsIgnoreCase(el.attr("aria-hidden"))) return true;
        String style = el.attr("style");
        if (style.isEmpty()) return false;
        String s = style.toLowerCase(Locale.ROOT).replace(" ", "");
        return s.contains("display:none") || s.contains("visibility:hidden");
    }

    /**
     * The rule that marks el as chrome, e.g. {@code tag:nav} or {@code class:sidebar}, or null.
     *
     * @param memo class-and-id strings already matched on this page (they repeat thousands of
     *     times on docs pages, and the two regexes are most of the extractor's own time); the
     *     empty string stands for "no rule"
     */
    static String chromeRule(Element el, Map<String, String> memo) {
        String tag = el.normalName();
        if (CHROME_TAGS.contains(tag)) return "tag:" + tag;
        String role = el.attr("role").toLowerCase(Locale.ROOT).trim();
        if (CHROME_ROLES.contains(role)) return "role:" + role;
        if (tag.equals("body") || tag.equals("html") || tag.equals("main") || role.equals("main")) return null;
        // An anchor's id names a place in the text, often a slug of its heading
        // ("_pretty_print_a_manual_page"), and an unclosed XHTML <a id/> wraps its whole section.
        if (tag.equals("a")) return null;
        String names = (el.className() + " " + el.id()).toLowerCase(Locale.ROOT);
        if (names.isBlank()) return null;
        String rule = memo.computeIfAbsent(names, BoilerplateRules::classRule);
        return rule.isEmpty() ? null : rule;
    }

    private static String classRule(String names) {
        var m = ANYWHERE.matcher(names);
        if (m.find()) return "class:" + m.group();
        var w = WHOLE_WORD.matcher(names);
        if (w.find()) return "class:" + w.group().replaceAll("[^a-z0-9-]", "");
        return "";
    }
}
