package dev.tempered.activities.curation.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Formats one by one; the real-mail measurement is {@link PiiEvaluationTest}. */
class PiiRedactorTest {
    private final PiiRedactor redactor = new PiiRedactor();

    private List<PiiSpan> only(String text) {
        return redactor.find(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+1 (617) 555-0142",
                "617-555-0142",
                "1-800-555-0199",
                "+44 20 7946 0958",
                "0171 555 0123",
                "(800) 555 1212",
                "617.555.0142",
                "+1.972.980.7195",
                "0086-0816-6623109",
                "(852)-2426-6073",
                "1 - 310 - 388 - 6087",
                "+49 30 9355996",
                "+49 (0)30 93559960",
                "+49-30-9355996-0",
                "030 9355996"
            })
    void phoneFormats(String phone) {
        List<PiiSpan> spans = only("Call us at " + phone + " today.");
        assertEquals(1, spans.size(), phone + " -> " + spans);
        assertEquals(PiiType.PHONE, spans.get(0).type());
        assertEquals(phone, spans.get(0).text());
    }

    /**
     * National numbers with no phone cue word and no shape the patterns above know, in lines from
     * the SpamAssassin public corpus (hard-ham-1/00168, spam-2): an Irish lo-call number after
     * "Contact … on", Kenyan mobiles after "GSM:" written with the country code but no plus.
     */
    @Test
    void uncuedNationalNumbersInRealMailAreFound() {
        assertEquals(
                List.of("1890 209 309"), phones("Contact Buy4Now on 1890 209 309 (calls charged at a local rate)"));
        assertEquals(
                List.of("254 72 743 223", "254 733 744 121"),
                phones("GSM: 254 72 743 223   GSM: 254 733 744 121  This"));
        // The shape alone, with no phrase before it (Australia's 1300 numbers share it).
        assertEquals(List.of("1300 655 506"), phones("Bookings: 1300 655 506."));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Contact us on 12 May 2002 at the latest",
                "reach the summit at 8848 metres",
                "call at 10 30 or later",
                "Between 1890 and 1900 the population grew",
                "rows 1890 209 309 410 of the table"
            })
    void contactPhrasesAndNonGeographicShapesLeaveOtherNumbersAlone(String text) {
        assertEquals(List.of(), phones(text), text);
    }

    private List<String> phones(String text) {
        return only(text).stream()
                .filter(s -> s.type() == PiiType.PHONE)
                .map(PiiSpan::text)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$1,499.00",
                "2002-09-12",
                "12/09/2002",
                "07:20:54",
                "ISBN 0-306-40615-2",
                "1998",
                "Reference # 1320-15000",
                "Order No. 772-00D87",
                "8209 9802 0003 158",
                "version 1.2.3",
                "3.2.1.0",
                "206-11-48025",
                "$ 39+KDV",
                "1.12 €/min",
                "300,000 emails",
                "6.25%",
                "version 1.2.3.4",
                "Release 2.0.0.1 of the installer",
                "Section 2.3.1.4",
                "see 4.2.1.3 below",
                "Chapter 5, 10000 Words",
                "Windows 95, 12345 Users",
                "June 5, 2002 Berlin",
                "Platz 1, 10000 Punkte",
                "+1 2002 Olympics",
                "1.1.1.1 of the spec"
            })
    void lookAlikesAreLeftAlone(String text) {
        assertEquals(List.of(), only("Look: " + text + " here."), text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "167.206.208.233",
                "10.0.0.1",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "2001:db8::1",
                "fe80::1",
                "::1"
            })
    void ipAddresses(String ip) {
        List<PiiSpan> spans = only("host " + ip + " answered");
        assertEquals(1, spans.size(), ip + " -> " + spans);
        assertEquals(PiiType.IP, spans.get(0).type());
        assertEquals(ip, spans.get(0).text());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nameserver 8.8.4.4",
                "Google's public DNS servers are 8.8.8.8 and 8.8.4.4",
                "ping -c 3 8.8.4.4",
                "http://1.1.1.1/dns-query",
                "8.8.4.4:53 timed out",
                "route add 1.0.0.1/32",
                "use 9.9.9.9 as your resolver"
            })
    void singleDigitQuadsUsedAsAddressesAreIps(String text) {
        List<PiiSpan> ips =
                only(text).stream().filter(s -> s.type() == PiiType.IP).toList();
        assertTrue(
                !ips.isEmpty() && ips.get(ips.size() - 1).text().matches("\\d\\.\\d\\.\\d\\.\\d"), text + " -> " + ips);
    }

    @Test
    void ipInsideUrlAndWithPortIsFound() {
        assertEquals(
                "65.162.84.5",
                only("http://65.162.84.5/perl/unsubscribe.pl?s=2002").get(0).text());
        assertEquals(
                "167.206.208.233",
                only("167.206.208.233:24442 (200, 'OK')").get(0).text());
    }

    @Test
    void invalidOctetsAndVersionStringsAreNotIps() {
        assertEquals(List.of(), only("Version: 6.0.386 and 256.1.1.1 and Panda Quick Rem 3.2.1.0"));
        assertEquals(PiiType.IP, only("DNS server 8.8.4.4 is up").get(0).type());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "123 Main Street, Suite 4, Springfield, IL 62704",
                "PO Box 1234",
                "P.O. Box 77, Austin, TX 78720",
                "106 Longhorn Road\nWinter Park FL 32792",
                "10 Downing Street, London SW1A 2AA",
                "6822 22nd Avenue North\nSaint Petersburg, FL 33710-3918",
                "4132 Pompton Ct.\nDayton, Ohio 45405",
                "Unter den Linden 77, 10117 Berlin",
                "55 Rue du Faubourg Saint-Honoré, 75008 Paris",
                "Section 3, Xinhai Road, Da'an District, Taipei City",
                "No. 7, Sec. 5, Xinyi Road, Xinyi District, Taipei City 11049",
                "Friedrichstraße 43, 10117 Berlin",
                "Via dei Fori Imperiali 1, 00186 Roma",
                "12, avenue Foch\n75116 Paris"
            })
    void addresses(String address) {
        List<PiiSpan> spans = only("Write to " + address + " please.");
        assertEquals(1, spans.size(), address + " -> " + spans);
        assertEquals(PiiType.ADDRESS, spans.get(0).type());
        assertEquals(address, spans.get(0).text());
    }

    @Test
    void redactReplacesWithTypedPlaceholdersAndCounts() {
        // Lines from spam-2/00761 in the sample corpus.
        Document doc = new Document(
                "m",
                "u",
                "From mnereetcaenure@msn.com: call 1-888-763-2497, "
                        + "or write us at: NoSpam, 6484 Coral Way, Miami, FL, 33155\".");
        PiiResult result = redactor.redact(doc);
        assertEquals("From <EMAIL>: call <PHONE>, or write us at: NoSpam, <ADDRESS>\".", doc.text());
        assertEquals(1, result.count(PiiType.EMAIL));
        assertEquals(1, result.count(PiiType.PHONE));
        assertEquals(1, result.count(PiiType.ADDRESS));
        assertEquals(3, result.total());
        assertEquals(1, doc.metadata().get("pii_phone"));
        assertTrue(result.spans().stream().allMatch(s -> s.end() > s.start()));
    }
}
