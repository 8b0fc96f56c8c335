package dev.tempered.activities.chat.tasks;

import static dev.tempered.activities.chat.tasks.ItemRandom.between;
import static dev.tempered.activities.chat.tasks.ItemRandom.pick;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The word problems of {@link ArithmeticTask}: shopping, change, sharing, distances and speeds,
 * durations, ages, areas, averages, savings and bare sums, each in a few phrasings with names and
 * objects drawn at random. Every problem is one or two operations on small integers or prices in
 * quarters, and every division is exact, so the answer is a short terminating decimal that the
 * calculator prints the same way ({@link #text}).
 *
 * <p>Not here: the reply (the task builds it), negative numbers (the answers stay natural for the
 * stories).
 */
final class ArithmeticProblems {
    /**
     * One problem: the question, the expression the calculator is called with, its value, and the
     * sentence that states the value ({@code statement.apply("12")} → {@code "Ana pays $12."}).
     */
    record Problem(String question, String expression, BigDecimal value, Function<String, String> statement) {}

    private static final String[] NAMES = {
        "Ana", "Ben", "Carlos", "Dana", "Eli", "Fatima", "Grace", "Hiro", "Ines", "Jamal", "Kofi", "Lena", "Mateo",
        "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Victor", "Wei", "Yara", "Zoe"
    };

    /** Singular and plural of things people count and buy. */
    private static final String[][] THINGS = {
        {"apple", "apples"},
        {"pencil", "pencils"},
        {"sticker", "stickers"},
        {"cookie", "cookies"},
        {"marble", "marbles"},
        {"book", "books"},
        {"orange", "oranges"},
        {"card", "cards"},
        {"stamp", "stamps"},
        {"egg", "eggs"},
        {"candle", "candles"},
        {"shell", "shells"},
        {"balloon", "balloons"},
        {"ticket", "tickets"},
        {"notebook", "notebooks"},
        {"muffin", "muffins"}
    };

    private static final String[] VEHICLES = {"car", "train", "bus", "cyclist", "boat", "truck"};

    private static final List<Function<Random, Problem>> TEMPLATES = List.of(
            ArithmeticProblems::buy,
            ArithmeticProblems::change,
            ArithmeticProblems::together,
            ArithmeticProblems::giveAway,
            ArithmeticProblems::share,
            ArithmeticProblems::boxes,
            ArithmeticProblems::distance,
            ArithmeticProblems::speed,
            ArithmeticProblems::daily,
            ArithmeticProblems::minutesToHours,
            ArithmeticProblems::ages,
            ArithmeticProblems::rectangle,
            ArithmeticProblems::average,
            ArithmeticProblems::savings,
            ArithmeticProblems::bare,
            ArithmeticProblems::bare);

    private ArithmeticProblems() {}

    static Problem next(Random r) {
        return TEMPLATES.get(r.nextInt(TEMPLATES.size())).apply(r);
    }

    /** The value as the calculator prints it: no exponent, no trailing zeros ({@code 12.5}, {@code 84}). */
    static String text(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }

    private static BigDecimal n(long v) {
        return BigDecimal.valueOf(v);
    }

    /** A price in quarters from 0.25 to {@code maxDollars}, a whole number half the time. */
    private static BigDecimal price(Random r, int maxDollars) {
        if (r.nextBoolean()) return n(between(r, 1, maxDollars));
        return n(between(r, 1, maxDollars * 4 - 1)).divide(n(4));
    }

    private static Problem buy(Random r) {
        String who = pick(r, NAMES);
        String[] thing = pick(r, THINGS);
        int count = between(r, 2, 12);
        BigDecimal each = price(r, 9);
        String p = text(each);
        String question = switch (r.nextInt(3)) {
            case 0 -> who + " buys " + count + " " + thing[1] + " at $" + p + " each. How much does " + who + " pay?";
            case 1 -> "One " + thing[0] + " costs $" + p + ". How much do " + count + " " + thing[1] + " cost?";
            default -> "If " + thing[1] + " are $" + p + " each, what do " + count + " of them cost?";
        };
        return new Problem(question, count + "*" + p, each.multiply(n(count)), v -> "The total is $" + v + ".");
    }

    private static Problem change(Random r) {
        String who = pick(r, NAMES);
        String[] thing = pick(r, THINGS);
        int count = between(r, 2, 6);
        BigDecimal each = price(r, 5);
        BigDecimal cost = each.multiply(n(count));
        int paid = cost.setScale(0, RoundingMode.CEILING).intValue() + between(r, 1, 20);
        String question = r.nextBoolean()
                ? who + " has $" + paid + " and buys " + count + " " + thing[1] + " at $" + text(each)
                        + " each. How much money is left?"
                : who + " pays for " + count + " " + thing[1] + " costing $" + text(each) + " each with $" + paid
                        + ". How much change does " + who + " get?";
        return new Problem(
                question,
                paid + "-" + count + "*" + text(each),
                n(paid).subtract(cost),
                v -> who + " gets $" + v + " back.");
    }

    private static Problem together(Random r) {
        String a = pick(r, NAMES);
        String b = pick(r, NAMES);
        if (a.equals(b)) b = "a friend";
        String[] thing = pick(r, THINGS);
        int x = between(r, 3, 250);
        int y = between(r, 3, 250);
        String question = r.nextBoolean()
                ? a + " has " + x + " " + thing[1] + " and " + b + " has " + y + ". How many " + thing[1]
                        + " do they have together?"
                : a + " collected " + x + " " + thing[1] + " on Monday and " + y + " on Tuesday. How many in all?";
        return new Problem(question, x + "+" + y, n(x + y), v -> "That makes " + v + " " + thing[1] + ".");
    }

    private static Problem giveAway(Random r) {
        String a = pick(r, NAMES);
        String[] thing = pick(r, THINGS);
        int had = between(r, 20, 300);
        int gone = between(r, 1, had - 1);
        String question = switch (r.nextInt(3)) {
            case 0 -> a + " had " + had + " " + thing[1] + " and gave away " + gone + ". How many are left?";
            case 1 ->
                "A shop had " + had + " " + thing[1] + " and sold " + gone + ". How many " + thing[1] + " remain?";
            default ->
                a + " needs " + had + " " + thing[1] + " and already has " + gone + ". How many more are needed?";
        };
        return new Problem(question, had + "-" + gone, n(had - gone), v -> "The answer is " + v + " " + thing[1] + ".");
    }

    private static Problem share(Random r) {
        String a = pick(r, NAMES);
        String[] thing = pick(r, THINGS);
        int people = between(r, 2, 9);
        int each = between(r, 2, 25);
        int total = people * each;
        String question = r.nextBoolean()
                ? a + " shares " + total + " " + thing[1] + " equally among " + people
                        + " friends. How many does each friend get?"
                : total + " " + thing[1] + " are split evenly into " + people + " bags. How many go in each bag?";
        return new Problem(question, total + "/" + people, n(each), v -> "Each gets " + v + ".");
    }

    private static Problem boxes(Random r) {
        String a = pick(r, NAMES);
        String[] thing = pick(r, THINGS);
        int boxes = between(r, 2, 9);
        int per = between(r, 3, 24);
        int used = between(r, 1, boxes * per - 1);
        String question = a + " buys " + boxes + " packs of " + thing[1] + " with " + per + " in each pack and uses "
                + used + ". How many " + thing[1] + " are left?";
        return new Problem(
                question,
                boxes + "*" + per + "-" + used,
                n((long) boxes * per - used),
                v -> a + " has " + v + " " + thing[1] + " left.");
    }

    private static Problem distance(Random r) {
        String vehicle = pick(r, VEHICLES);
        int speed = between(r, 4, 24) * 5;
        BigDecimal hours = r.nextInt(3) == 0 ? n(between(r, 1, 9)).add(new BigDecimal("0.5")) : n(between(r, 2, 9));
        String h = text(hours);
        String question = r.nextBoolean()
                ? "A " + vehicle + " travels at " + speed + " km per hour for " + h + " hours. How far does it go?"
                : "How many kilometers does a " + vehicle + " cover in " + h + " hours at " + speed + " km/h?";
        return new Problem(question, speed + "*" + h, hours.multiply(n(speed)), v -> "It covers " + v + " km.");
    }

    private static Problem speed(Random r) {
        String vehicle = pick(r, VEHICLES);
        int hours = between(r, 2, 8);
        int speed = between(r, 5, 30) * 4;
        int km = speed * hours;
        String question = "A " + vehicle + " goes " + km + " km in " + hours
                + " hours. What is its average speed in km per hour?";
        return new Problem(question, km + "/" + hours, n(speed), v -> "Its average speed is " + v + " km per hour.");
    }

    private static Problem daily(Random r) {
        String a = pick(r, NAMES);
        if (r.nextBoolean()) {
            int pages = between(r, 5, 60);
            int days = between(r, 2, 30);
            return new Problem(
                    a + " reads " + pages + " pages a day. How many pages does " + a + " read in " + days + " days?",
                    pages + "*" + days,
                    n((long) pages * days),
                    v -> a + " reads " + v + " pages.");
        }
        int minutes = between(r, 2, 12) * 5;
        int weeks = between(r, 2, 8);
        return new Problem(
                a + " practices piano for " + minutes + " minutes every day. How many minutes is that in " + weeks
                        + " weeks?",
                minutes + "*7*" + weeks,
                n((long) minutes * 7 * weeks),
                v -> "That is " + v + " minutes.");
    }

    private static Problem minutesToHours(Random r) {
        int quarters = between(r, 3, 20);
        int minutes = quarters * 15;
        String question = r.nextBoolean()
                ? "A film lasts " + minutes + " minutes. How many hours is that?"
                : "How many hours are " + minutes + " minutes?";
        return new Problem(question, minutes + "/60", n(quarters).divide(n(4)), v -> "That is " + v + " hours.");
    }

    private static Problem ages(Random r) {
        String a = pick(r, NAMES);
        String b = pick(r, NAMES);
        if (a.equals(b)) b = "Alex";
        String other = b;
        int age = between(r, 3, 40);
        return switch (r.nextInt(3)) {
            case 0 -> {
                int older = between(r, 1, 30);
                yield new Problem(
                        a + " is " + age + " years old and " + other + " is " + older + " years older. How old is "
                                + other + "?",
                        age + "+" + older,
                        n(age + older),
                        v -> other + " is " + v + " years old.");
            }
            case 1 -> {
                int later = between(r, 2, 25);
                yield new Problem(
                        other + " is twice as old as " + a + ", who is " + age + ". How old will " + other + " be in "
                                + later + " years?",
                        age + "*2+" + later,
                        n(age * 2L + later),
                        v -> other + " will be " + v + ".");
            }
            default -> {
                int born = between(r, 1950, 2015);
                int gap = between(r, 1, 30);
                yield new Problem(
                        a + " was born in " + born + " and " + other + " in " + (born + gap)
                                + ". How many years older is " + a + "?",
                        (born + gap) + "-" + born,
                        n(gap),
                        v -> a + " is " + v + " years older.");
            }
        };
    }

    private static Problem rectangle(Random r) {
        String place = pick(r, "garden", "room", "field", "yard", "table");
        int w = between(r, 2, 40);
        int h = between(r, 2, 40);
        if (r.nextBoolean()) {
            return new Problem(
                    "A " + place + " is " + w + " m long and " + h + " m wide. What is its area in square meters?",
                    w + "*" + h,
                    n((long) w * h),
                    v -> "The area is " + v + " square meters.");
        }
        return new Problem(
                "A " + place + " is " + w + " m long and " + h + " m wide. How long is a fence around it?",
                "2*(" + w + "+" + h + ")",
                n(2L * (w + h)),
                v -> "The fence is " + v + " m long.");
    }

    private static Problem average(Random r) {
        String a = pick(r, NAMES);
        int mean = between(r, 5, 90);
        int d1 = between(r, 0, 5);
        int d2 = between(r, 0, 5);
        int x = mean + d1;
        int y = mean - d2;
        int z = mean * 3 - x - y;
        return new Problem(
                a + " scored " + x + ", " + y + " and " + z + " points in three games. What is the average score?",
                "(" + x + "+" + y + "+" + z + ")/3",
                n(mean),
                v -> "The average is " + v + " points.");
    }

    private static Problem savings(Random r) {
        String a = pick(r, NAMES);
        BigDecimal weekly = price(r, 20);
        int weeks = between(r, 2, 20);
        return new Problem(
                a + " saves $" + text(weekly) + " every week. How much does " + a + " save in " + weeks + " weeks?",
                text(weekly) + "*" + weeks,
                weekly.multiply(n(weeks)),
                v -> a + " saves $" + v + ".");
    }

    private static Problem bare(Random r) {
        int x = between(r, 2, 999);
        int y = between(r, 2, 99);
        return switch (r.nextInt(4)) {
            case 0 ->
                new Problem(
                        r.nextBoolean()
                                ? "What is " + x + " + " + y + "?"
                                : pick(r, "Compute ", "Calculate ") + x + " + " + y + ".",
                        x + "+" + y,
                        n(x + y),
                        v -> x + " + " + y + " = " + v + ".");
            case 1 -> {
                int big = Math.max(x, y);
                int small = Math.min(x, y);
                yield new Problem(
                        pick(r, "What is ", "What's ") + big + " minus " + small + "?",
                        big + "-" + small,
                        n(big - small),
                        v -> big + " minus " + small + " is " + v + ".");
            }
            case 2 ->
                new Problem(
                        pick(r, "What is ", "How much is ", "What do you get for ") + x + " times " + y + "?",
                        x + "*" + y,
                        n((long) x * y),
                        v -> x + " times " + y + " is " + v + ".");
            default -> {
                int product = x * y;
                yield new Problem(
                        pick(r, "What is ", "How much is ") + product + " divided by " + y + "?",
                        product + "/" + y,
                        n(x),
                        v -> product + " divided by " + y + " is " + v + ".");
            }
        };
    }
}
