package dev.tempered.web.label;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
    @Test
    void failuresPastTheBudgetBlockTheAddressUntilTheMinuteEnds() {
        LoginRateLimiter limiter = new LoginRateLimiter(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.allow("10.0.0.1", 1_000));
            limiter.failed("10.0.0.1", 1_000);
        }
        assertFalse(limiter.allow("10.0.0.1", 30_000));
        assertTrue(limiter.allow("10.0.0.2", 30_000), "another address is not affected");
        assertTrue(limiter.allow("10.0.0.1", 61_000), "a new window");
    }

    @Test
    void successfulLoginsDoNotCount() {
        LoginRateLimiter limiter = new LoginRateLimiter(3);
        for (int i = 0; i < 100; i++) assertTrue(limiter.allow("10.0.0.1", 1_000));
    }
}
