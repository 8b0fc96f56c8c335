package dev.tempered.activities.curation.pii;

import com.google.common.net.InetAddresses;
import dev.tempered.activities.curation.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in a document's text with typed placeholders: e-mail addresses
 * ({@code <EMAIL>}), IPv4 and IPv6 addresses ({@code <IP>}), postal addresses ({@code <ADDRESS>})
 * and phone numbers ({@code <PHONE>}). A transform, not a filter: documents are never dropped.
 *
 * <p>Differences from datatrove 0.10.1's {@code PIIFormatter} (e-mails and IPv4 only): we use
 * typed placeholders rather than cycling through fake addresses ({@code email@example.com},
 * {@code 22.214.171.124}); we replace private and reserved IPs too (datatrove keeps non-global
 * ones), because in crawled mail a LAN address still identifies a network; we add IPv6, phones and
 * addresses. Our e-mail rule is datatrove's pattern, less {@code % / ?} in the local part (legal
 * but rare, and they glue URL query strings onto the address) and with a letters-only top-level
 * domain, so neither {@code 7955@20} nor the {@code %EM%} of {@code %EM%x@y.com} is taken; it is
 * applied by {@link EmailScanner}, a linear scan with the same matches, because the pattern
 * overflowed the stack on long dotted runs.
 *
 * <p>Precision comes first, so some things are left alone on purpose: dotted quads whose four
 * parts are single digits ({@code 3.2.1.0}, a version) unless they are used as addresses (a
 * network word such as "DNS", "server" or "ping" in their line or at the end of the line before,
 * {@code ://} or {@code @} before, {@code :port} or {@code /prefix} after, or a list with another
 * address) and no version word comes right before; digit runs that are prices, dates, times,
 * years, ISBNs or order numbers (the phone patterns need a phone shape: a US 3-3-4 grouping, a
 * leading {@code +}, {@code 00} or trunk {@code 0}, or a cue word such as "Tel" or "Fax" right
 * before); and street addresses in shapes other than US/UK (house number and suffix, PO Box,
 * city-state-ZIP or postcode tail) and those of {@link ContinentalAddresses} (German-style name
 * and number with a postcode, French number and street type, Taiwanese district and city,
 * country-prefixed postcodes). Numbered headings ({@code 8.6.4.10. Class Patterns}, "Section
 * 26.3.3.1") and space-separated number lists are not IPs or phones. Turkish, Korean, Russian
 * and street-less addresses, and bare city names, are not found.
 *
 * <p>One text's scan may read each character {@link #DEFAULT_READS_PER_CHAR} times on average;
 * past that, or on a stack overflow, {@link #find} throws {@link PiiScanException} so the caller
 * drops the document instead of keeping it unredacted (and one page cannot fail a shard).
 */
public final class PiiRedactor {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?![\\w]|\\.\\d)");
    /** A loose IPv6 candidate; {@link #isIpv6} decides. */
    private static final Pattern IPV6 =
            Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:])");

    private static final Pattern NOT_IP_CUE = Pattern.compile(
            "(?i)(?:\\b(?:section|sect|sec|chapter|ch|version|ver|v|release|rev|build|figure|fig|table|step)\\.?|§)\\s*$");
    private static final Pattern IP_CUE =
            Pattern.compile("(?i)\\b(?:ip|address|addr|server|host|dns|ping|gateway)\\W{0,3}$");
    /** A network word in the same line, for a dotted quad of single digits: "DNS servers are 8.8.8.8 and 8.8.4.4". */
    private static final String NET_WORD = "(?:ip|ipv4|ips|address|addresses|addr|server|servers|nameserver|nameservers"
            + "|resolver|resolvers|dns|ping|gateway|host|hosts|proxy|router|subnet|netmask|inet|route|traceroute|nslookup|dig"
            + "|firewall|lan|wan|dhcp|static)";
    /** In the quad's line or at the end of the line before: "DNS servers\\n`1.1.1.1`". */
    private static final Pattern NET_WORD_BEFORE =
            Pattern.compile("(?i)\\b" + NET_WORD + "\\b(?:[^\\n]{0,40}|\\W{0,3}\\n[^\\n]{0,40})$");
    /** Between two items of a list of addresses: separators, quotes and brackets only. */
    private static final Pattern LIST_GAP = Pattern.compile("[\\s,;'\"`\\[\\]()|]{1,8}");

    private static final Pattern NET_WORD_AFTER = Pattern.compile("(?i)^[^\\n]{0,30}?\\b" + NET_WORD + "\\b");

    /** A separator between phone digit groups: a hyphen or dot with optional spaces, or one space. */
    private static final String SEP = "(?:[ \\t]?[-.\\uFF0D\\u2010-\\u2013][ \\t]?|[ \\t])";

    private static final String LEFT = "(?<![\\w.+\\-\\uFF0D/@=#$£€¥])";
    private static final String RIGHT = "(?![\\w\\-\\uFF0D@]|[.,]\\d)";
    private static final List<Pattern> PHONES = List.of(
            // North American: +1 (617) 555-0142, 1-800-555-0199, 617.555.0142, 1 - 310 - 388 - 6087
            Pattern.compile(LEFT + "(?:\\+?1" + SEP + "?)?(?:\\(\\d{3}\\)[ \\t]?-?|\\d{3}" + SEP + ")\\d{3}" + SEP
                    + "\\d{4}" + RIGHT),
            // International with +: +44 20 7946 0958, +011.81.6.6225.1160, +33 (0)1 42 68 53 00, +49 30 9355996
            // (German subscriber numbers run to 8 digits in one group)
            Pattern.compile(LEFT + "\\+\\d{1,4}(?:" + SEP + "?\\(\\d{1,4}\\))?(?:" + SEP + "\\d{1,8}){2,5}" + RIGHT),
            // International with 00, or a bracketed country code: 0086-0816-6623109, (852)-2426-6073
            Pattern.compile(LEFT + "(?:00[1-9]\\d{0,2}|\\(\\d{1,4}\\))(?:" + SEP + "?\\d{2,8}){2,4}" + RIGHT),
            // National with a trunk 0: 0171 555 0123, 01702 530174, 02-2613-1470, 0312. 439 2850
            // (a country code or an area code never starts with 0, so "000 001 010" is not a phone)
            Pattern.compile(LEFT + "0[1-9]\\d{0,3}(?:" + SEP + "\\d{2,8}){1,3}" + RIGHT),
            // Non-geographic numbers dialled without a trunk 0: Ireland's 1800 freephone and 1850/1890
            // lo-call, Australia's 1300/1800 (1890 209 309, 1300 655 506); always 4-3-3
            Pattern.compile(LEFT + "1(?:800|850|890|300)" + SEP + "\\d{3}" + SEP + "\\d{3}" + RIGHT));
    private static final Pattern PHONE_CUE = Pattern.compile(
            "(?i)(?:\\b(?:tel|telephone|phone|ph|fax|call|mobile|cell|gsm|tlf|hotline|freephone|lo-?call|dial)\\b"
                    + "|電話|电话|手机|手機|传真|傳真|전화|휴대폰)[^\\n\\d]{0,12}$");
    /**
     * "Contact Buy4Now on …", "reach Bryan at …": a number said to reach someone by is a phone
     * whatever its national shape; the named party may stand between the verb and "on"/"at".
     */
    private static final Pattern CONTACT_CUE =
            Pattern.compile("(?i)\\b(?:contact|reach|ring|phone|call)\\b[^\\n\\d@]{0,40}?\\b(?:on|at)[ \\t]*$");

    private static final Pattern CUED_DIGITS =
            Pattern.compile(LEFT + "\\+?\\(?\\d[\\d \\t().\\-\\uFF0D]{5,18}\\d" + RIGHT);

    private static final String STREET_SUFFIX =
            "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct"
                    + "|Place|Pl|Parkway|Pkwy|Circle|Cir|Terrace|Highway|Hwy|Square|Sq|Plaza|Crescent|Close|Grove|Gardens)";
    private static final String DIRECTION = "(?:North|South|East|West|N|S|E|W|NE|NW|SE|SW|N\\.E|N\\.W|S\\.E|S\\.W)\\.?";
    private static final String UNIT =
            "(?:,?\\s*(?:Suite|Ste|Apt|Apartment|Unit|Floor|Fl|Room|Rm|#)\\.?\\s*(?:Number\\s*)?#?[\\w-]{1,6}\\s*)";
    private static final String CITY = "[A-Z][A-Za-z'.]+(?:[ \\t]+(?:[a-z]{1,3}[ \\t]+)?[A-Z][A-Za-z'.]+){0,3}";
    private static final String US_STATE = "(?:[A-Z]{2}|Fl|Fla|Calif|Tex|Mass|Penn|Alabama|Alaska|Arizona|Arkansas"
            + "|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas"
            + "|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana"
            + "|Nebraska|Nevada|New[ \\t]+Hampshire|New[ \\t]+Jersey|New[ \\t]+Mexico|New[ \\t]+York|North[ \\t]+Carolina"
            + "|North[ \\t]+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode[ \\t]+Island|South[ \\t]+Carolina"
            + "|South[ \\t]+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West[ \\t]+Virginia|Wisconsin|Wyoming)\\.?";
    private static final String ZIP = "\\d{5}(?:-\\d{4})?";
    private static final String UK_POSTCODE = "[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]*\\d[A-Z]{2}";
    /** ", Springfield, IL 62704", "\nWinter Park FL 32792", ", London SW1A 1AA", ", Heredia, CR". */
    private static final String TAIL = "(?:,?\\s*" + CITY + ",?\\s*(?:" + US_STATE + ",?\\s*" + ZIP + "|" + US_STATE
            + "(?![\\w])" + "|" + UK_POSTCODE + "))";

    private static final Pattern STREET_ADDRESS =
            Pattern.compile("(?<![\\w$£€.,-])\\d{1,6}(?:-\\d{1,4})?[A-Za-z]?[ \\t]+(?:" + DIRECTION
                    + "[ \\t]+)?(?:[A-Z0-9][\\w'.-]*[ \\t]+){0,4}?" + STREET_SUFFIX + "\\.?(?:[ \\t]+" + DIRECTION
                    + ")?(?![\\w])" + UNIT + "?" + TAIL + "?");
    /** An address whose street has no suffix, anchored by its ZIP: "4884 Laurel Canyon, #118, Valley Village, CA 91607". */
    private static final Pattern ZIP_ANCHORED_ADDRESS =
            Pattern.compile("(?<![\\w$£€.,-])\\d{1,6}[ \\t]+[A-Z][A-Za-z'.-]+(?:\\s+[A-Z][A-Za-z'.-]+){0,3}" + UNIT
                    + "?\\s*,\\s*" + CITY + ",?\\s*" + US_STATE + ",?\\s*" + ZIP + "(?!\\w)");

    private static final Pattern PO_BOX = Pattern.compile(
            "(?<![\\w])(?:P\\.?[ \\t]?O\\.?[ \\t]*Box|Post[ \\t]+Office[ \\t]+Box|PO[ \\t]*Box)[ \\t]*\\d[\\d-]{0,9}(?![\\w])"
                    + "(?:,?[ \\t]*" + CITY + ",[ \\t]*(?:" + US_STATE + "(?:[ \\t]+" + ZIP + ")?|[A-Z]{2})(?![\\w]))?",
            Pattern.CASE_INSENSITIVE);
    /** "Box 202885, Austin, TX 78720": a bare Box only with a full city-state-ZIP tail. */
    private static final Pattern BARE_BOX = Pattern.compile(
            "(?<![\\w])Box[ \\t]+\\d{3,8},[ \\t]*" + CITY + ",[ \\t]*" + US_STATE + "[ \\t]+" + ZIP + "(?![\\w])");

    private static final Pattern ISBN_CUE = Pattern.compile("(?i)isbn(?:-1[03])?\\W{0,3}$");

    /**
     * Character reads allowed per character of text, over all patterns. Real pages use far less
     * (PiiBudgetTest measures it on the sample corpus); the margin is for dense digit and address
     * look-alikes, the limit for patterns that would backtrack without bound.
     */
    public static final int DEFAULT_READS_PER_CHAR = 400;

    private static final int READS_FLOOR = 100_000;

    private final int readsPerChar;

    public PiiRedactor() {
        this(DEFAULT_READS_PER_CHAR);
    }

    /** A redactor whose scan of one text may read each character {@code readsPerChar} times on average. */
    public PiiRedactor(int readsPerChar) {
        if (readsPerChar < 1)
            throw new IllegalArgumentException("PII readsPerChar must be at least 1, was " + readsPerChar);
        this.readsPerChar = readsPerChar;
    }

    /**
     * Finds the spans without changing anything; overlaps are resolved e-mail, IP, address, phone.
     *
     * @throws PiiScanException when the text cannot be scanned within the read budget (or the
     *     stack), so that the caller drops the document rather than keep it unredacted
     */
    public List<PiiSpan> find(String text) {
        BudgetedText budgeted = new BudgetedText(text, READS_FLOOR + (long) readsPerChar * text.length());
        try {
            return find(text, budgeted);
        } catch (StackOverflowError e) {
            // No pattern here recurses per repetition any more; this is the guard for one that would.
            throw new PiiScanException(
                    "pii_stack_overflow",
                    "PII scan overflowed the stack on a " + text.length()
                            + "-character text; the document is excluded rather than kept unredacted",
                    null);
        }
    }

    /** Reads the patterns made on {@code text}; for measuring the budget. */
    long readsFor(String text) {
        BudgetedText budgeted = new BudgetedText(text, Long.MAX_VALUE);
        find(text, budgeted);
        return budgeted.used();
    }

    private List<PiiSpan> find(String text, BudgetedText budgeted) {
        List<PiiSpan> found = new ArrayList<>();
        EmailScanner.scan(budgeted, found);
        Matcher v4 = IPV4.matcher(budgeted);
        List<PiiSpan> versionShaped = new ArrayList<>();
        List<PiiSpan> ips = new ArrayList<>();
        while (v4.find()) {
            if (isSectionNumber(text, v4.start(), v4.end())) continue;
            if (NOT_IP_CUE
                    .matcher(text.substring(Math.max(0, v4.start() - 10), v4.start()))
                    .find()) continue;
            PiiSpan span = new PiiSpan(PiiType.IP, v4.start(), v4.end(), v4.group());
            if (looksLikeVersion(v4.group()) && !ipContext(text, v4.start(), v4.end())) versionShaped.add(span);
            else ips.add(span);
        }
        Matcher v6 = IPV6.matcher(budgeted);
        while (v6.find()) {
            String s = v6.group();
            if (isIpv6(s)) ips.add(new PiiSpan(PiiType.IP, v6.start(), v6.end(), s));
        }
        addListedIps(text, versionShaped, ips);
        found.addAll(ips);
        add(found, PiiType.ADDRESS, STREET_ADDRESS.matcher(budgeted));
        add(found, PiiType.ADDRESS, ZIP_ANCHORED_ADDRESS.matcher(budgeted));
        add(found, PiiType.ADDRESS, PO_BOX.matcher(budgeted));
        add(found, PiiType.ADDRESS, BARE_BOX.matcher(budgeted));
        ContinentalAddresses.find(budgeted, found);
        for (Pattern p : PHONES) {
            Matcher m = p.matcher(budgeted);
            while (m.find()) {
                String s = m.group();
                int digits = digits(s);
                if (digits < 9 || digits > 15) continue;
                if (ISBN_CUE.matcher(text.substring(Math.max(0, m.start() - 10), m.start()))
                        .find()) continue;
                if (s.matches("[\\d \\t]+") && inNumberList(text, m.start(), m.end())) continue;
                found.add(new PiiSpan(PiiType.PHONE, m.start(), m.end(), s.strip()));
            }
        }
        addCuedPhones(text, budgeted, found);
        return resolve(found);
    }

    /** Replaces every span in the document's text with its placeholder and returns what was replaced. */
    public PiiResult redact(Document doc) {
        String text = doc.text();
        List<PiiSpan> spans = find(text);
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        for (PiiSpan s : spans) {
            sb.append(text, last, s.start()).append(s.type().placeholder());
            last = s.end();
        }
        sb.append(text, last, text.length());
        doc.replaceText(sb.toString());
        PiiResult result = PiiResult.of(spans);
        for (PiiType t : PiiType.values()) {
            doc.metadata().put("pii_" + t.name().toLowerCase(Locale.ROOT), result.count(t));
        }
        return result;
    }

    private static void add(List<PiiSpan> found, PiiType type, Matcher m) {
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && Character.isWhitespace(m.group().charAt(end - m.start() - 1))) end--;
            found.add(new PiiSpan(type, m.start(), end, m.group().substring(0, end - m.start())));
        }
    }

    /**
     * After a cue word ("Tel :", "Fax:", "电话：", "GSM:") or a contact phrase ("Contact Buy4Now on"),
     * any run of 7 to 15 digits with phone separators is a phone, and so are the ones straight after
     * it ("Tel : 852-24218309 852-24259526").
     */
    private static void addCuedPhones(String text, BudgetedText budgeted, List<PiiSpan> found) {
        Matcher m = CUED_DIGITS.matcher(budgeted);
        int chainEnd = -1;
        while (m.find()) {
            int digits = digits(m.group());
            boolean separated = digits != m.group().length();
            // An unseparated run is a phone only at mobile length: "tones 84221111000000" is an id.
            if (digits < 7 || digits > (separated ? 15 : 11)) continue;
            boolean chained =
                    chainEnd >= 0 && text.substring(chainEnd, m.start()).isBlank() && m.start() - chainEnd <= 3;
            boolean cued = PHONE_CUE
                            .matcher(text.substring(Math.max(0, m.start() - 25), m.start()))
                            .find()
                    || CONTACT_CUE
                            .matcher(text.substring(Math.max(0, m.start() - 60), m.start()))
                            .find();
            if (cued || chained) {
                found.add(new PiiSpan(PiiType.PHONE, m.start(), m.end(), m.group()));
                chainEnd = m.end();
            }
        }
    }

    /** Earlier types win overlaps; within a type the longer span wins. */
    private static List<PiiSpan> resolve(List<PiiSpan> found) {
        found.sort(Comparator.comparing((PiiSpan s) -> s.type().ordinal())
                .thenComparing(s -> -(s.end() - s.start()))
                .thenComparingInt(PiiSpan::start));
        // Kept spans never overlap, so the one starting last before s.end() is the only one to check
        // (a scan over all kept spans made a page of many addresses quadratic).
        java.util.TreeMap<Integer, PiiSpan> kept = new java.util.TreeMap<>();
        for (PiiSpan s : found) {
            var before = kept.lowerEntry(s.end());
            boolean overlaps = before != null && before.getValue().end() > s.start();
            if (!overlaps) kept.put(s.start(), s);
        }
        return new ArrayList<>(kept.values());
    }

    /** "0 1 1 2 ... 377 610 987 1597": a space-separated number next to more numbers is a list, not a phone. */
    private static boolean inNumberList(String text, int start, int end) {
        boolean before = start >= 2
                && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')
                && Character.isDigit(text.charAt(start - 2));
        boolean after = end + 1 < text.length()
                && (text.charAt(end) == ' ' || text.charAt(end) == '\t')
                && Character.isDigit(text.charAt(end + 1));
        return before || after;
    }

    /** "8.6.4.10. Class Patterns" at the start of a line is a section number. */
    private static boolean isSectionNumber(String text, int start, int end) {
        boolean lineStart = start == 0 || text.charAt(start - 1) == '\n';
        boolean dotAfter = end < text.length()
                && text.charAt(end) == '.'
                && (end + 1 == text.length() || Character.isWhitespace(text.charAt(end + 1)));
        return lineStart && dotAfter;
    }

    /**
     * "`1.1.1.1`, `8.8.8.8`, `1.0.0.1`, `8.8.4.4`, `2606:4700:4700::1111`": a version-shaped quad
     * listed next to an address (only separators between them) is an address too. Repeated until
     * nothing changes, so a whole list follows from one member with context.
     */
    private static void addListedIps(String text, List<PiiSpan> versionShaped, List<PiiSpan> ips) {
        if (versionShaped.isEmpty()) return;
        // All candidates in text order; a quad joins when its neighbour is an address and only
        // separators lie between. One pass each way carries it along the list in linear time.
        List<PiiSpan> all = new ArrayList<>(ips);
        all.addAll(versionShaped);
        all.sort(Comparator.comparingInt(PiiSpan::start));
        java.util.Set<PiiSpan> accepted = new java.util.HashSet<>(ips);
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 1; k < all.size(); k++) {
                int i = pass == 0 ? k : all.size() - 1 - k;
                int neighbour = pass == 0 ? i - 1 : i + 1;
                PiiSpan q = all.get(i);
                PiiSpan n = all.get(neighbour);
                if (accepted.contains(q) || !accepted.contains(n)) continue;
                int from = Math.min(q.end(), n.end());
                int to = Math.max(q.start(), n.start());
                if (from < to && LIST_GAP.matcher(text.substring(from, to)).matches()) accepted.add(q);
            }
        }
        for (PiiSpan q : versionShaped) if (accepted.contains(q)) ips.add(q);
    }

    /**
     * Whether a dotted quad of single digits ("8.8.4.4", also a version shape) is used as an
     * address: a network word earlier in its line or just after it, or an address's syntax around
     * it (after "://" or "@", before ":port" or "/prefix"). Version words right before it were
     * ruled out by the caller.
     */
    private static boolean ipContext(String text, int start, int end) {
        if (IP_CUE.matcher(text.substring(Math.max(0, start - 12), start)).find()) return true;
        String before = text.substring(Math.max(0, start - 100), start);
        if (before.endsWith("://") || before.endsWith("@")) return true;
        if (end + 1 < text.length()
                && (text.charAt(end) == ':' || text.charAt(end) == '/')
                && Character.isDigit(text.charAt(end + 1))) return true;
        if (NET_WORD_BEFORE.matcher(before).find()) return true;
        return NET_WORD_AFTER
                .matcher(text.substring(end, Math.min(text.length(), end + 40)))
                .find();
    }

    private static boolean looksLikeVersion(String quad) {
        for (String part : quad.split("\\.")) {
            if (part.length() > 1) return false;
        }
        return true;
    }

    private static boolean isIpv6(String s) {
        // Needs the full eight groups or a "::", and a digit: rules out times (7:20:54) and a::b words.
        long colons = s.chars().filter(c -> c == ':').count();
        if (!s.contains("::") && colons != 7) return false;
        if (s.chars().noneMatch(Character::isDigit) || colons < 2) return false;
        return InetAddresses.isInetAddress(s);
    }

    private static int digits(String s) {
        return (int) s.chars().filter(Character::isDigit).count();
    }
}
