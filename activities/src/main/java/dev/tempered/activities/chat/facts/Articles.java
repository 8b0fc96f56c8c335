package dev.tempered.activities.chat.facts;

/** The indefinite article of the encyclopedia's common nouns (all of them are spelled as pronounced). */
final class Articles {
    private Articles() {}

    /** "a painter", "an architect". */
    static String a(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }
}
