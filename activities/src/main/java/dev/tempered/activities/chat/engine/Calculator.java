package dev.tempered.activities.chat.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calculator tool: evaluates what a model wrote between {@code <|python_start|>} and
 * {@code <|python_end|>} and returns the text forced back as the tool output. It understands exactly
 * two forms, nanochat's: arithmetic over decimal numbers with {@code + - * / ( )}, unary minus and
 * whitespace ({@code "(12 + 30) * 2"} → {@code "84"}), and a letter count
 * ({@code 'strawberry'.count('r')} → {@code "3"}, the spelling task's check).
 *
 * <p>Why written by hand: the input comes from a model (and, in chat, from whatever a user coaxed
 * it into writing), so nothing is evaluated that is not parsed here character by character; no
 * scripting engine, no reflection, no {@code eval}. Every resource an expression can consume is
 * bounded by a named limit ({@link #MAX_LENGTH}, {@link #MAX_DIGITS}, {@link #MAX_DEPTH},
 * {@link #MAX_MAGNITUDE}), and a wall-clock deadline is checked at every step as a last guard.
 *
 * <p>Arithmetic is exact ({@link BigDecimal}); a division that does not terminate within
 * {@link #DIVISION_SCALE} decimal places is rounded (half even) to that many. Results are printed
 * in plain notation without trailing zeros: {@code "84"}, {@code "2.5"}, {@code "-0.333333333333"}.
 *
 * <p>Every failure is a result, not an exception: a text starting with {@code "error: "} that says
 * what was refused, so the model sees it as the tool output and generation goes on. Positions in
 * error texts count characters from 1.
 *
 * <p>Not here: variables, functions, powers, comparison, thousands separators.
 */
public final class Calculator {
    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 200;
    /** Most digits in one number (before and after the point together). */
    public static final int MAX_DIGITS = 30;
    /** Deepest nesting of parentheses and unary signs. */
    public static final int MAX_DEPTH = 32;
    /** No result, intermediate or final, may reach 10^this in magnitude. */
    public static final int MAX_MAGNITUDE = 30;
    /** Decimal places of a quotient that does not terminate sooner. */
    public static final int DIVISION_SCALE = 12;
    /** Longest word of the letter-count form. */
    public static final int MAX_WORD = 64;
    /** Wall-clock limit of one evaluation; the limits above keep real inputs far below it. */
    public static final long TIME_LIMIT_NANOS = 100_000_000L;

    private static final String ERROR = "error: ";
    private static final BigDecimal LIMIT = BigDecimal.ONE.scaleByPowerOfTen(MAX_MAGNITUDE);
    /** {@code 'word'.count('c')}: letters, apostrophes and hyphens, then one character that is not a quote. */
    private static final Pattern COUNT =
            Pattern.compile("'([\\p{L}'\\-]{1," + MAX_WORD + "})'\\.count\\('([^'\\\\])'\\)");

    private final String text;
    private final long deadline;
    private int pos;
    private int depth;

    private Calculator(String text) {
        this.text = text;
        this.deadline = System.nanoTime() + TIME_LIMIT_NANOS;
    }

    /** The tool output for {@code expression}: the result, or a text starting with {@code "error: "}. */
    public static String evaluate(String expression) {
        if (expression == null) return ERROR + "no expression";
        if (expression.length() > MAX_LENGTH) {
            return ERROR + "expression longer than " + MAX_LENGTH + " characters";
        }
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) return ERROR + "empty expression";
        Matcher count = COUNT.matcher(trimmed);
        if (count.matches()) {
            char letter = count.group(2).charAt(0);
            return Long.toString(count.group(1).chars().filter(c -> c == letter).count());
        }
        try {
            Calculator c = new Calculator(expression);
            BigDecimal value = c.expression();
            c.skipSpace();
            if (c.pos < expression.length()) throw c.unexpected();
            return format(value);
        } catch (Refusal r) {
            return ERROR + r.getMessage();
        }
    }

    /** Plain decimal notation without trailing zeros or exponent. */
    static String format(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    // expression := term (('+' | '-') term)*
    private BigDecimal expression() {
        BigDecimal v = term();
        while (true) {
            skipSpace();
            char op = peek();
            if (op != '+' && op != '-') return v;
            pos++;
            BigDecimal right = term();
            v = bounded(op == '+' ? v.add(right) : v.subtract(right));
        }
    }

    // term := unary (('*' | '/') unary)*
    private BigDecimal term() {
        BigDecimal v = unary();
        while (true) {
            skipSpace();
            char op = peek();
            if (op != '*' && op != '/') return v;
            pos++;
            if (op == '*' && peek() == '*') throw new Refusal("'**' at " + pos + ": powers are not supported");
            BigDecimal right = unary();
            if (op == '*') {
                v = bounded(v.multiply(right));
            } else {
                if (right.signum() == 0) throw new Refusal("division by zero");
                v = bounded(v.divide(right, Math.max(DIVISION_SCALE, v.scale()), RoundingMode.HALF_EVEN));
            }
        }
    }

    // unary := ('-' | '+') unary | primary
    private BigDecimal unary() {
        skipSpace();
        char c = peek();
        if (c == '-' || c == '+') {
            pos++;
            enter();
            BigDecimal v = unary();
            depth--;
            return c == '-' ? v.negate() : v;
        }
        return primary();
    }

    // primary := number | '(' expression ')'
    private BigDecimal primary() {
        skipSpace();
        char c = peek();
        if (c == '(') {
            pos++;
            enter();
            BigDecimal v = expression();
            skipSpace();
            if (peek() != ')') {
                if (pos >= text.length()) throw new Refusal("'(' is never closed");
                throw unexpected();
            }
            pos++;
            depth--;
            return v;
        }
        if (isDigit(c) || c == '.') return number();
        if (pos >= text.length()) throw new Refusal("expression ends where a number was expected");
        throw unexpected();
    }

    private BigDecimal number() {
        int start = pos;
        int digits = 0;
        boolean point = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isDigit(c)) {
                if (++digits > MAX_DIGITS) throw new Refusal("number longer than " + MAX_DIGITS + " digits");
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
            pos++;
        }
        if (digits == 0) throw new Refusal("'.' at " + (start + 1) + " is not a number");
        checkTime();
        return new BigDecimal(text.substring(start, pos));
    }

    private BigDecimal bounded(BigDecimal v) {
        checkTime();
        if (v.abs().compareTo(LIMIT) >= 0) throw new Refusal("result too large");
        return v;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw new Refusal("nesting deeper than " + MAX_DEPTH);
        checkTime();
    }

    private void checkTime() {
        if (System.nanoTime() > deadline) {
            throw new Refusal("took longer than " + TIME_LIMIT_NANOS / 1_000_000 + " ms");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** The character at the cursor, named as foreign or as misplaced. */
    private Refusal unexpected() {
        char c = text.charAt(pos);
        String at = "'" + c + "' at " + (pos + 1);
        return "0123456789.+-*/()".indexOf(c) >= 0 || Character.isWhitespace(c)
                ? new Refusal("unexpected " + at)
                : new Refusal(at + " is not arithmetic");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A refusal, carried out of the recursion; its message follows {@code "error: "}. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
