package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tempered users} against its own embedded database: add (generated password printed once),
 * list, disable, refusals. What a resume does is tested with the gate, in storage and over HTTP.
 */
class UsersCommandTest {
    @Test
    void addListDisableAndRefusals(@TempDir Path root) throws Exception {
        Path config = root.resolve("tempered.yaml");
        Files.writeString(config, "web:\n  port: 0\n");
        CliRunner cli = new CliRunner(config, root.resolve("data"));
        String added = cli.expect(0, "users", "add", "ana", "--role", "labeler");
        assertTrue(added.contains("added ana (labeler)"), added);
        assertTrue(added.matches("(?s).*password: [A-Za-z0-9_-]{20} .*"), added);
        CliRunner.Result bad = cli.run("users", "add", "bob", "--role", "root");
        assertTrue(bad.exitCode() != 0 && bad.err().contains("roles are labeler, reviewer, admin"), bad.err());
        CliRunner.Result twice = cli.run("users", "add", "ana", "--role", "admin");
        assertTrue(twice.exitCode() == 1 && twice.err().contains("exists already"), twice.err());
        cli.expect(0, "users", "disable", "ana");
        String list = cli.expect(0, "users", "list");
        assertTrue(list.matches("(?s).*ana\\s+labeler\\s+disabled.*"), list);
        CliRunner.Result missing = cli.run("users", "disable", "nobody");
        assertTrue(missing.exitCode() == 1 && missing.err().contains("no user named 'nobody'"), missing.err());
        CliRunner.Result noProject = cli.run("users", "resume", "ana", "--project", "nope");
        assertTrue(noProject.exitCode() == 1 && noProject.err().contains("no labeling project nope"), noProject.err());
    }
}
