package dev.tempered.storage.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static UserStore users;

    @BeforeAll
    static void open() {
        users = new UserStore(StorageFixture.get().dataSource(), new PasswordHasher(8, 1, 1));
    }

    private static String name() {
        return "u" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void argon2idHashesAreSaltedPhcStringsThatVerify() {
        String a = PasswordHasher.DEFAULT.hash("correct horse");
        String b = PasswordHasher.DEFAULT.hash("correct horse");
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertFalse(a.equals(b), "a fresh salt per hash");
        assertTrue(PasswordHasher.verify("correct horse", a));
        assertFalse(PasswordHasher.verify("correct horsf", a));
        assertFalse(PasswordHasher.verify("correct horse", "plain text"));
    }

    @Test
    void loginOpensASessionWhoseTokenIsNotStored() {
        String n = name();
        users.create(n, Role.REVIEWER, "a good passphrase");
        UserStore.Login login = users.login(n, "a good passphrase", "127.0.0.1", NOW);
        UserStore.Session s = assertInstanceOf(UserStore.Login.Ok.class, login).session();
        assertEquals(Role.REVIEWER, s.user().role());
        assertEquals(
                n,
                users.session(s.token(), NOW.plusSeconds(60))
                        .orElseThrow()
                        .user()
                        .name());
        assertTrue(users.session(s.token(), NOW.plus(Duration.ofHours(13))).isEmpty(), "expired");
        assertTrue(users.session("forged", NOW).isEmpty());
        users.logout(s.token());
        assertTrue(users.session(s.token(), NOW).isEmpty());
        assertEquals(
                "login",
                users.recentAudit(50).stream()
                        .filter(e -> e.actor().equals(n))
                        .findFirst()
                        .orElseThrow()
                        .action());
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOne() {
        String n = name();
        users.create(n, Role.LABELER, "a good passphrase");
        for (int i = 0; i < UserStore.MAX_FAILED_LOGINS - 1; i++) {
            assertInstanceOf(UserStore.Login.Refused.class, users.login(n, "wrong", "10.0.0.1", NOW));
        }
        assertInstanceOf(UserStore.Login.Locked.class, users.login(n, "wrong", "10.0.0.1", NOW));
        assertInstanceOf(
                UserStore.Login.Locked.class, users.login(n, "a good passphrase", "10.0.0.1", NOW.plusSeconds(60)));
        assertInstanceOf(
                UserStore.Login.Ok.class,
                users.login(n, "a good passphrase", "10.0.0.1", NOW.plus(Duration.ofMinutes(16))));
    }

    @Test
    void disablingEndsSessionsAndRefusesLogin() {
        String n = name();
        users.create(n, Role.LABELER, "a good passphrase");
        UserStore.Session s = ((UserStore.Login.Ok) users.login(n, "a good passphrase", null, NOW)).session();
        users.disable(n);
        assertTrue(users.session(s.token(), NOW).isEmpty());
        assertInstanceOf(UserStore.Login.Refused.class, users.login(n, "a good passphrase", null, NOW));
        assertTrue(users.byName(n).orElseThrow().disabled());
    }

    @Test
    void badNamesShortPasswordsAndDuplicatesAreRefusedSayingWhy() {
        String n = name();
        users.create(n, Role.ADMIN, "a good passphrase");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.create(n, Role.ADMIN, "a good passphrase"))
                .getMessage()
                .contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.create(name(), Role.ADMIN, "short"))
                .getMessage()
                .contains("at least 10"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> users.create("Bad Name", Role.ADMIN, "a good passphrase"))
                .getMessage()
                .contains("not allowed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> users.disable("nobody-" + n))
                .getMessage()
                .contains("no user named"));
        assertEquals(Role.LABELER, Role.parse("labeler"));
        assertThrows(IllegalArgumentException.class, () -> Role.parse("root"));
    }
}
