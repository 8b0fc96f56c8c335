package dev.tempered.activities.curation.filters;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * datatrove 0.10.1's URLFilter: a document is dropped when its registered domain or its full host
 * is on the UT1 block list, its URL is on the URL block list, one of the URL's alphanumeric tokens
 * is a banned word, at least {@code softWordThreshold} distinct soft-banned words are among its
 * tokens, or a banned subword occurs anywhere in the normalised URL (all non-alphanumerics removed,
 * lowercased). Rules are tried in that order; the drop reason names the first that hit and
 * {@code url_filter_rule} in the metadata holds what matched (domain, URL or word).
 *
 * <p>Registered domains follow the public suffix list's ICANN section, as tldextract does by
 * default (so {@code x.blogspot.com} registers as {@code blogspot.com}); hosts that are IP
 * addresses or have no public suffix are never domain-blocked. Word tokens keep the URL's case,
 * as datatrove's do. Differences from datatrove: the URL list is also matched without the
 * scheme, because UT1 lists URLs as {@code host/path} and datatrove's exact comparison with a
 * {@code http://} URL can never hit; URLs without a host are dropped as {@code url:malformed}
 * (datatrove raises). The committed domain list is a subset of UT1's (see NOTICE.md).
 */
public final class UrlFilter implements DocumentFilter {
    public static final String RULE_KEY = "url_filter_rule";
    private static final Pattern AUTHORITY = Pattern.compile(
            "^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//(?:[^@/?#]*@)?(\\[[^\\]]*]|[^:/?#]*)|^([^:/?#@\\s]+\\.[^:/?#@\\s]+)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

    private final int softWordThreshold;
    private final boolean useIntegratedLists;
    private final Set<String> extraDomains;
    private final Set<String> extraUrls;
    private final Set<String> bannedWords;
    private final Set<String> softBannedWords;
    private final AhoCorasick bannedSubwords;

    /** datatrove's defaults: the integrated lists, soft-word threshold 2. */
    public UrlFilter() {
        this(2, List.of(), List.of(), List.of(), List.of(), List.of(), true);
    }

    /**
     * @param softWordThreshold distinct soft-banned words that make a drop (default 2)
     * @param extraDomains more blocked domains or hosts, matched as given (lowercase them)
     * @param extraUrls more blocked URLs, matched exactly
     * @param extraBannedWords more banned URL tokens, normalised like the list
     * @param extraBannedSubwords more banned substrings of the normalised URL
     * @param extraSoftBannedWords more soft-banned tokens
     * @param useIntegratedLists whether to load the shipped lists too (default true)
     */
    public UrlFilter(
            int softWordThreshold,
            Collection<String> extraDomains,
            Collection<String> extraUrls,
            Collection<String> extraBannedWords,
            Collection<String> extraBannedSubwords,
            Collection<String> extraSoftBannedWords,
            boolean useIntegratedLists) {
        this.softWordThreshold = softWordThreshold;
        this.useIntegratedLists = useIntegratedLists;
        this.extraDomains = stripped(extraDomains);
        this.extraUrls = stripped(extraUrls);
        UrlLists lists = useIntegratedLists ? UrlLists.get() : null;
        this.bannedWords = merged(lists == null ? Set.of() : lists.bannedWords, extraBannedWords);
        this.softBannedWords = merged(lists == null ? Set.of() : lists.softBannedWords, extraSoftBannedWords);
        this.bannedSubwords =
                new AhoCorasick(merged(lists == null ? Set.of() : lists.bannedSubwords, extraBannedSubwords));
    }

    @Override
    public String name() {
        return "url_filter";
    }

    @Override
    public FilterDecision filter(Document doc) {
        String url = doc.url();
        // Pages read from local HTML files have file: URLs: there is no site to judge, so the
        // blocklists do not apply (datatrove never sees such URLs).
        if (url != null && url.startsWith("file:")) return FilterDecision.KEEP;
        String host = url == null ? null : host(url);
        if (host == null) {
            return drop(doc, "url:malformed", String.valueOf(url));
        }
        String registered = null;
        String fqdn = null;
        if (!host.isEmpty() && !InetAddresses.isInetAddress(host) && InternetDomainName.isValid(host)) {
            InternetDomainName name = InternetDomainName.from(host);
            if (name.isUnderRegistrySuffix()) {
                registered = name.topDomainUnderRegistrySuffix().toString();
                fqdn = name.toString();
            }
        }
        if (registered != null && isBlockedDomain(registered)) return drop(doc, "url:banned_domain", registered);
        if (fqdn != null && isBlockedDomain(fqdn)) return drop(doc, "url:banned_subdomain", fqdn);

        String withoutScheme = SCHEME.matcher(url).replaceFirst("");
        if (isBlockedUrl(url)) return drop(doc, "url:banned_url", url);
        if (isBlockedUrl(withoutScheme)) return drop(doc, "url:banned_url", withoutScheme);

        Set<String> tokens = new HashSet<>(List.of(UrlLists.NON_ALNUM.split(url, -1)));
        for (String t : tokens) {
            if (bannedWords.contains(t)) return drop(doc, "url:banned_word", t);
        }
        List<String> soft =
                tokens.stream().filter(softBannedWords::contains).sorted().toList();
        if (!soft.isEmpty() && soft.size() >= softWordThreshold) {
            return drop(doc, "url:soft_banned_words", String.join(",", soft));
        }
        String sub = bannedSubwords.firstMatch(UrlLists.normalize(url));
        if (sub != null) return drop(doc, "url:banned_subword", sub);
        return FilterDecision.KEEP;
    }

    private boolean isBlockedDomain(String domain) {
        return extraDomains.contains(domain)
                || (useIntegratedLists && UrlLists.get().containsDomain(domain));
    }

    private boolean isBlockedUrl(String url) {
        return extraUrls.contains(url) || (useIntegratedLists && UrlLists.get().containsUrl(url));
    }

    private static FilterDecision drop(Document doc, String reason, String rule) {
        doc.metadata().put(RULE_KEY, rule);
        return FilterDecision.drop(reason);
    }

    /** The lowercased host of a URL with or without a scheme, "" for an IP literal in brackets, or null. */
    static String host(String url) {
        Matcher m = AUTHORITY.matcher(url.strip());
        if (!m.find()) return null;
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        if (host == null || host.isEmpty()) return null;
        if (host.startsWith("[")) return "";
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '\\' || c == '%' || c == '<' || c == '>'))
            return null;
        return host;
    }

    private static Set<String> stripped(Collection<String> values) {
        Set<String> out = new HashSet<>();
        for (String v : values) {
            String s = v.strip();
            if (!s.isEmpty() && s.charAt(0) != '#') out.add(s);
        }
        return Set.copyOf(out);
    }

    private static Set<String> merged(Set<String> base, Collection<String> extra) {
        Set<String> out = new HashSet<>(base);
        for (String e : extra) {
            if (!e.isEmpty() && e.charAt(0) != '#') out.add(UrlLists.normalize(e));
        }
        out.remove("");
        return Set.copyOf(out);
    }
}
