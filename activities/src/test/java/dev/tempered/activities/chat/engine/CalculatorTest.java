package dev.tempered.activities.chat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The calculator tool: exact results for what the arithmetic and spelling tasks write, and a named
 * error text (never an exception, never a hang) for everything else, hostile inputs above all.
 */
class CalculatorTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "(12 + 30) * 2                 | 84",
                "12+30*2                       | 72",
                "10 / 4                        | 2.5",
                "-1 / 3                        | -0.333333333333",
                "2 / 3                         | 0.666666666667",
                "1 / 8                         | 0.125",
                "7 - 10                        | -3",
                "-(-(4))                       | 4",
                "- 2 * -3                      | 6",
                "+5                            | 5",
                "0.1 + 0.2                     | 0.3",
                "1.50 * 2                      | 3",
                "3.                            | 3",
                ".5 * 4                        | 2",
                "123456789 * 987654321         | 121932631112635269",
                "100 - 99.99                   | 0.01",
                "0 * -5                        | 0",
                "8 / 2 / 2                     | 2",
                "2 * (3 + (4 - 1)) / 3         | 4",
                "999999999999999999999999999999 | 999999999999999999999999999999",
                "\"\t 6 * 7 \t\"                 | 42",
                "'strawberry'.count('r')       | 3",
                "'Mississippi'.count('s')      | 4",
                "'banana'.count('z')           | 0",
                "'rock-'n'-roll'.count('r')    | 2",
                "'Apple'.count('a')            | 0",
            })
    void evaluatesArithmeticExactly(String expression, String result) {
        assertEquals(result, Calculator.evaluate(expression));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "1 / 0                       | error: division by zero",
                "5 / (2 - 2)                 | error: division by zero",
                "9**9**9                     | error: '**' at 2: powers are not supported",
                "2 ** 100                    | error: '**' at 3: powers are not supported",
                "__import__('os')            | error: '_' at 1 is not arithmetic",
                "x + 1                       | error: 'x' at 1 is not arithmetic",
                "1 + x                       | error: 'x' at 5 is not arithmetic",
                "2e10                        | error: 'e' at 2 is not arithmetic",
                "1,000 + 1                   | error: ',' at 2 is not arithmetic",
                "'abc'.upper()               | error: ''' at 1 is not arithmetic",
                "'strawberry'.count('rr')    | error: ''' at 1 is not arithmetic",
                "1 2                         | error: unexpected '2' at 3",
                "1 +                         | error: expression ends where a number was expected",
                "(1 + 2                      | error: '(' is never closed",
                "(1 + 2))                    | error: unexpected ')' at 8",
                "1.2.3                       | error: unexpected '.' at 4",
                ".                           | error: '.' at 1 is not a number",
                "\"\"                          | error: empty expression",
                "1234567890123456789012345678901 | error: number longer than 30 digits",
                "999999999999999999999999999999 + 1 | error: result too large",
            })
    void refusesWithANamedError(String expression, String error) {
        assertEquals(error, Calculator.evaluate(expression));
    }

    @Test
    void refusesTenThousandDigitNumbers() {
        assertEquals("error: expression longer than 200 characters", Calculator.evaluate("7".repeat(10_000)));
        // Short enough to pass the length bound: the digit bound stops it.
        assertEquals("error: number longer than 30 digits", Calculator.evaluate("7".repeat(150) + " + 1"));
    }

    @Test
    void refusesDeepNesting() {
        assertEquals("error: nesting deeper than 32", Calculator.evaluate("(".repeat(40) + "1" + ")".repeat(40)));
        assertEquals("error: nesting deeper than 32", Calculator.evaluate("-".repeat(60) + "1"));
        assertEquals("1", Calculator.evaluate("(".repeat(32) + "1" + ")".repeat(32)));
    }

    @Test
    void refusesRepeatedMultiplicationGrowth() {
        String growth = String.join("*", java.util.Collections.nCopies(12, "99999999999"));
        assertEquals("error: result too large", Calculator.evaluate(growth));
        assertEquals("9999999999800000000001", Calculator.evaluate("99999999999*99999999999"));
    }

    @Test
    void refusesOverlongWordsInTheLetterCount() {
        String word = "a".repeat(Calculator.MAX_WORD);
        assertEquals("64", Calculator.evaluate("'" + word + "'.count('a')"));
        assertEquals("error: ''' at 1 is not arithmetic", Calculator.evaluate("'" + word + "a'.count('a')"));
    }

    @Test
    void refusesEmptyAndMissingInput() {
        assertEquals("error: empty expression", Calculator.evaluate("   "));
        assertEquals("error: no expression", Calculator.evaluate(null));
    }
}
