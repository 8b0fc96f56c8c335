package dev.tempered.web.label;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} failed login attempts per client address per minute (a fixed window);
 * past it every attempt from the address is refused until the window ends. Successful logins do
 * not count, so fifty labelers behind one office address can all log in; guessing cannot go on.
 * The account lockout in {@code UserStore} bounds guesses per account; this bounds one address's
 * guesses over many accounts.
 */
final class LoginRateLimiter {
    private record Window(long startMillis, int failures) {}

    private final int perMinute;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    LoginRateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Whether the address may try now. */
    boolean allow(String address, long nowMillis) {
        Window w = windows.get(address);
        return w == null || nowMillis - w.startMillis() >= 60_000 || w.failures() < perMinute;
    }

    /** Counts a failed attempt. */
    void failed(String address, long nowMillis) {
        if (windows.size() > 100_000) windows.clear(); // Bounded memory under a flood of addresses.
        windows.compute(
                address,
                (k, old) -> old == null || nowMillis - old.startMillis() >= 60_000
                        ? new Window(nowMillis, 1)
                        : new Window(old.startMillis(), old.failures() + 1));
    }
}
