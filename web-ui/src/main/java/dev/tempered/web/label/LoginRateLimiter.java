package dev.tempered.web.label;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} login attempts per client address per minute (a fixed window). The
 * account lockout in {@code UserStore} bounds guesses per account; this bounds one address's
 * guesses over many accounts.
 */
final class LoginRateLimiter {
    private record Window(long startMillis, int count) {}

    private final int perMinute;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    LoginRateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Counts an attempt; false when the address is over its budget for this minute. */
    boolean allow(String address, long nowMillis) {
        Window w = windows.compute(address, (k, old) -> old == null || nowMillis - old.startMillis() >= 60_000
                ? new Window(nowMillis, 1)
                : new Window(old.startMillis(), old.count() + 1));
        if (windows.size() > 100_000) windows.clear(); // Bounded memory under a flood of addresses.
        return w.count() <= perMinute;
    }
}
