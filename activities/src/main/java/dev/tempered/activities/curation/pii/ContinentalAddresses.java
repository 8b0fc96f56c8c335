package dev.tempered.activities.curation.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses in three shapes the US/UK patterns of {@link PiiRedactor} miss, each anchored on
 * something a heading, a date or a price does not have:
 * <ul>
 *   <li>street name, then house number, then a 5-digit postcode and a town (German, Austrian,
 *       Italian, Spanish, Dutch style): {@code Unter den Linden 77, 10117 Berlin}; the street must
 *       show it is one, by a particle ({@code den}, {@code am}, {@code della}...) or a street word
 *       ({@code -straße}, {@code -weg}, {@code Via}, {@code Calle}...). A German {@code -straße}
 *       street with a house number stands alone ({@code Friedrichstraße 43});</li>
 *   <li>house number, then a French street type and name, with an optional postcode and town:
 *       {@code 55 Rue du Faubourg Saint-Honoré, 75008 Paris};</li>
 *   <li>Taiwanese (and mainland) English order, anchored by a district and a city:
 *       {@code No. 7, Section 3, Xinhai Road, Da'an District, Taipei City 106}.</li>
 * </ul>
 */
final class ContinentalAddresses {
    private static final String CAP = "[\\p{Lu}][\\p{L}'’.-]*";
    /** Also "Jo//rgens": old ASCII transliterations write ø as o//. */
    private static final String CAP_SLASH = "[\\p{Lu}][\\p{L}'’./-]*";

    private static final String PARTICLE =
            "(?:den|der|des|dem|am|an|im|in|zum|zur|von|vom|auf|bei|de|del|della|delle|dei|di|da"
                    + "|do|dos|das|la|le|les|el|van|het|op|'t)";
    private static final String STREET_WORD =
            "(?:[\\p{L}-]{2,}(?:straße|strasse|str\\.|gasse|weg|allee|platz|damm|ring|ufer|chaussee"
                    + "|markt|steig|pfad|graben|straat|laan|gracht|plein|kade|vej|gade|gatan|vägen|gata|veien|gate)"
                    + "|Via|Viale|Piazza|Piazzale|Corso|Largo|Calle|Avenida|Plaza|Paseo|Carrer|Rua|Travessa|Straße)";
    private static final String HOUSE_NUMBER = "\\d{1,4}[a-zA-Z]?(?:[-/]\\d{1,4}[a-zA-Z]?)?";
    private static final String POSTCODE_TOWN = "(?:[A-Z]{1,2}-)?\\d{5}[ \\t]+" + CAP
            + "(?:[ \\t]+(?:am|an|im|bei|sur|de)[ \\t]+" + CAP + "|[ \\t]+(?:Cedex|CEDEX)(?:[ \\t]+\\d{1,2})?)?";

    /** "Unter den Linden 77, 10117 Berlin", "Via dei Fori Imperiali 1, 00186 Roma". */
    private static final Pattern NAME_NUMBER_POSTCODE = Pattern.compile(
            "(?<![\\p{L}\\d])(?<street>" + CAP + "(?:[ \\t]+(?:" + PARTICLE + "[ \\t]+){0,2}" + CAP + "){0,4})[ \\t]+"
                    + HOUSE_NUMBER + "(?:,[ \\t]*|[ \\t]*\\n[ \\t]*)" + POSTCODE_TOWN + "(?![\\p{L}\\d])");

    private static final Pattern STREET_CUE =
            Pattern.compile("(?:^|[ \\t])(?:" + PARTICLE + ")(?=[ \\t])|" + STREET_WORD + "(?![\\p{L}])");
    /** "Friedrichstraße 43", "Kastanienallee 12a": a German street word names a street by itself. */
    private static final Pattern GERMAN_STREET =
            Pattern.compile("(?<![\\p{L}\\d])\\p{Lu}[\\p{L}-]{2,}(?:straße|strasse|str\\.|gasse|allee)[ \\t]+"
                    + HOUSE_NUMBER + "(?:(?:,[ \\t]*|[ \\t]*\\n[ \\t]*)" + POSTCODE_TOWN + ")?(?![\\p{L}\\d])");

    /**
     * "Kollegievej 6\nDK-2920 Charlottenlund", "Drammensveien 41, N-9242 Oslo", "Postfach 130, A-1021 Wien":
     * a postcode with a country prefix after a street and number needs no street word.
     */
    private static final Pattern PREFIXED_POSTCODE = Pattern.compile("(?<![\\p{L}\\d])" + CAP_SLASH + "(?:[ \\t]+(?:"
            + PARTICLE + "[ \\t]+){0,2}" + CAP_SLASH + "){0,4}[ \\t]+" + HOUSE_NUMBER
            + "(?:,[ \\t]*|[ \\t]*\\n[ \\t]*)[A-Z]{1,3}-\\d{3,5}(?:[ \\t]\\d{2})?[ \\t]+" + CAP_SLASH
            + "(?:[ \\t]+[A-Z](?![\\p{L}\\d]))?(?![\\p{L}\\d])");

    /** "55 Rue du Faubourg Saint-Honoré, 75008 Paris", "12, avenue Foch". */
    private static final Pattern FRENCH = Pattern.compile(
            "(?<![\\p{L}\\d$€£.,-])\\d{1,4}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Qq]uai|[Ii]mpasse"
                    + "|[Aa]llée|[Cc]hemin|[Rr]oute|[Cc]ours|[Pp]assage)[ \\t]+(?:(?:du|de|des|de[ \\t]+la|la|le|les)[ \\t]+|[dl]['’])?"
                    + CAP + "(?:[ \\t]+(?:(?:du|de|des|la|le|les|et|sur)[ \\t]+|[dl]['’])?" + CAP + "){0,5}"
                    + "(?:(?:,[ \\t]*|[ \\t]*\\n[ \\t]*)" + POSTCODE_TOWN + ")?(?![\\p{L}\\d])");

    private static final String TW_NAME = "\\p{Lu}[\\p{L}'’-]*(?:[ \\t]+\\p{Lu}[\\p{L}'’-]*){0,2}";
    private static final String SECTION = "(?:Section|Sec\\.?)[ \\t]*\\d{1,2}";
    /** "No. 7, Section 3, Xinhai Road, Da'an District, Taipei City 106". */
    private static final Pattern TAIWANESE = Pattern.compile(
            "(?<![\\p{L}\\d])(?:(?:No\\.?|#)[ \\t]*\\d{1,5}(?:-\\d{1,4})?,[ \\t]*)?(?:(?:Lane|Ln\\.|Alley|Aly\\.)[ \\t]*\\d{1,4},[ \\t]*){0,2}"
                    + "(?:" + SECTION + ",[ \\t]*)?" + TW_NAME
                    + "[ \\t]+(?:Road|Rd\\.?|Street|St\\.?|Avenue|Ave\\.?|Boulevard|Blvd\\.?)"
                    + "(?:,[ \\t]*" + SECTION + ")?,[ \\t]*" + TW_NAME + "[ \\t]+(?:District|Dist\\.)"
                    + ",[ \\t]*" + TW_NAME + "[ \\t]+(?:City|County)(?:[ \\t]*\\d{3,6})?(?![\\p{L}\\d])");

    private ContinentalAddresses() {}

    static void find(CharSequence text, List<PiiSpan> out) {
        Matcher m = NAME_NUMBER_POSTCODE.matcher(text);
        while (m.find()) {
            if (STREET_CUE.matcher(m.group("street")).find()) out.add(span(m));
        }
        for (Pattern p : List.of(GERMAN_STREET, FRENCH, TAIWANESE, PREFIXED_POSTCODE)) {
            Matcher f = p.matcher(text);
            while (f.find()) out.add(span(f));
        }
    }

    private static PiiSpan span(Matcher m) {
        return new PiiSpan(PiiType.ADDRESS, m.start(), m.end(), m.group());
    }
}
